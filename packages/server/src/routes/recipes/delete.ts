import Type from 'typebox';
import { actorOf } from '../../auth/bearer-hook.ts';
import { errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { RecipeParams } from './schemas.ts';

export const registerDeleteRecipeRoute: RegisterRoute = (app, { engine }) => {
  app.delete(
    '/recipes/:id',
    {
      schema: {
        tags: ['recipes'],
        summary: 'Delete a stopped recipe with its versions and job history. A running recipe is refused (409 recipe_running): stop it first.',
        operationId: 'deleteRecipe',
        params: RecipeParams,
        response: { 204: Type.Null({ description: 'Deleted.' }), ...errorResponses(401, 404, 409) },
      },
    },
    async (request, reply) => {
      await engine.recipes.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
