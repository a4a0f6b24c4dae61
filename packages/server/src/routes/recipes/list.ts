import Type from 'typebox';
import { RecipeView } from '@patchbay/engine';
import { actorOf } from '../../auth/bearer-hook.ts';
import { errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

export const registerListRecipesRoute: RegisterRoute = (app, { engine }) => {
  app.get(
    '/recipes',
    {
      schema: {
        tags: ['recipes'],
        summary: "List the workspace's recipes with their status, slots and webhook URL.",
        operationId: 'listRecipes',
        response: { 200: Type.Object({ recipes: Type.Array(RecipeView) }), ...errorResponses },
      },
    },
    async (request) => ({ recipes: await engine.recipes.list(actorOf(request)) }),
  );
};
