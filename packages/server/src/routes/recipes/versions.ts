import Type from 'typebox';
import { VersionView } from '@patchbay/engine';
import { actorOf } from '../../auth/bearer-hook.ts';
import { NextCursor, PageQuery, pageRequestOf } from '../../http/query.ts';
import { errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { RecipeParams } from './schemas.ts';

const VersionsQuery = Type.Object(PageQuery, { additionalProperties: false });

/** The list of a recipe's versions, newest first (one version with its definition: version.ts). */
export const registerRecipeVersionsRoute: RegisterRoute = (app, { engine }) => {
  app.get(
    '/recipes/:id/versions',
    {
      schema: {
        tags: ['recipes'],
        summary: 'List the saved versions, newest first, a page at a time; `running` marks the version a running recipe runs.',
        operationId: 'listRecipeVersions',
        params: RecipeParams,
        querystring: VersionsQuery,
        response: { 200: Type.Object({ versions: Type.Array(VersionView), next: NextCursor }), ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const page = await engine.recipes.versions(actorOf(request), request.params.id, pageRequestOf(request.query));
      return { versions: page.items, next: page.next };
    },
  );
};
