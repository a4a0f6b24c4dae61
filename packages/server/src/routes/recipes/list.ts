import Type from 'typebox';
import { RecipeSummary } from '@patchbay/engine';
import { actorOf } from '../../auth/bearer-hook.ts';
import { NextCursor, PageQuery, pageRequestOf } from '../../http/query.ts';
import { errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

const RecipesQuery = Type.Object(PageQuery, { additionalProperties: false });

export const registerListRecipesRoute: RegisterRoute = (app, { engine }) => {
  app.get(
    '/recipes',
    {
      schema: {
        tags: ['recipes'],
        summary: "The workspace's recipes, oldest first, a page at a time: status, versions, trigger, slots and webhook URL. GET /recipes/{id} has the definition.",
        operationId: 'listRecipes',
        querystring: RecipesQuery,
        response: { 200: Type.Object({ recipes: Type.Array(RecipeSummary), next: NextCursor }), ...errorResponses(401) },
      },
    },
    async (request) => {
      const page = await engine.recipes.list(actorOf(request), pageRequestOf(request.query));
      return { recipes: page.items, next: page.next };
    },
  );
};
