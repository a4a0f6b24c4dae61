import { BindInput, RecipeView } from '@patchbay/engine';
import { actorOf } from '../../auth/bearer-hook.ts';
import { BODY_ERRORS, errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { RecipeParams } from './schemas.ts';

export const registerBindRecipeRoute: RegisterRoute = (app, { engine }) => {
  app.put(
    '/recipes/:id/connections',
    {
      schema: {
        tags: ['recipes'],
        summary:
          'Bind slots to connections of the workspace: { "<slot>": "<connection id>" }, null unbinds. Slots not named keep their binding. ' +
          "The connection's connector must be the slot's.",
        operationId: 'bindRecipeConnections',
        params: RecipeParams,
        body: BindInput,
        response: { 200: RecipeView, ...errorResponses(401, 404, 409, ...BODY_ERRORS) },
      },
    },
    async (request) => engine.recipes.bind(actorOf(request), request.params.id, request.body),
  );
};
