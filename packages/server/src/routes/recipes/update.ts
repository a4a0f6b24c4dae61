import { RecipeView } from '@patchbay/engine';
import { actorOf } from '../../auth/bearer-hook.ts';
import { BODY_ERRORS, errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { DefinitionBody, RecipeParams } from './schemas.ts';

export const registerUpdateRecipeRoute: RegisterRoute = (app, { engine }) => {
  app.patch(
    '/recipes/:id',
    {
      schema: {
        tags: ['recipes'],
        summary:
          'Save a new version from a full definition. A running recipe keeps running the version it was started with until it is stopped and started again.',
        operationId: 'updateRecipe',
        params: RecipeParams,
        body: DefinitionBody,
        response: { 200: RecipeView, ...errorResponses(401, 404, 409, ...BODY_ERRORS) },
      },
    },
    async (request) => engine.recipes.update(actorOf(request), request.params.id, request.body),
  );
};
