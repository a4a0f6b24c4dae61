import { RecipeView } from '@patchbay/engine';
import { actorOf } from '../../auth/bearer-hook.ts';
import { errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { RecipeParams } from './schemas.ts';

export const registerGetRecipeRoute: RegisterRoute = (app, { engine }) => {
  app.get(
    '/recipes/:id',
    {
      schema: {
        tags: ['recipes'],
        summary: 'Show one recipe: status and reason, current and running version, definition, each slot and whether it is ready.',
        operationId: 'getRecipe',
        params: RecipeParams,
        response: { 200: RecipeView, ...errorResponses(401, 404) },
      },
    },
    async (request) => engine.recipes.get(actorOf(request), request.params.id),
  );
};
