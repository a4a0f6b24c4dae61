import Type from 'typebox';
import { VersionView } from '@patchbay/engine';
import { actorOf } from '../../auth/bearer-hook.ts';
import { errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { RecipeParams } from './schemas.ts';

export const registerRecipeVersionsRoute: RegisterRoute = (app, { engine }) => {
  app.get(
    '/recipes/:id/versions',
    {
      schema: {
        tags: ['recipes'],
        summary: 'List the saved versions, newest first; `running` marks the version a running recipe runs.',
        operationId: 'listRecipeVersions',
        params: RecipeParams,
        response: { 200: Type.Object({ versions: Type.Array(VersionView) }), ...errorResponses },
      },
    },
    async (request) => ({ versions: await engine.recipes.versions(actorOf(request), request.params.id) }),
  );
};
