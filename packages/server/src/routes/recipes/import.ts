import { RecipeView } from '@patchbay/engine';
import { actorOf } from '../../auth/bearer-hook.ts';
import { BODY_ERRORS, errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { DefinitionBody } from './schemas.ts';

/** The same as create, under the name people look for: an exported file imports as it is. */
export const registerImportRecipeRoute: RegisterRoute = (app, { engine }) => {
  app.post(
    '/recipes/import',
    {
      schema: {
        tags: ['recipes'],
        summary: 'Import a recipe definition exported by GET /api/v1/recipes/{id}/export (creates a new, stopped recipe).',
        operationId: 'importRecipe',
        body: DefinitionBody,
        response: { 201: RecipeView, ...errorResponses(401, ...BODY_ERRORS) },
      },
    },
    async (request, reply) => reply.code(201).send(await engine.recipes.create(actorOf(request), request.body)),
  );
};
