import { RecipeView, StartInput } from '@patchbay/engine';
import { actorOf } from '../../auth/bearer-hook.ts';
import { OPTIONAL_BODY, emptyBodyIsEmptyObject } from '../../http/optional-body.ts';
import { BODY_ERRORS, errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { RecipeParams } from './schemas.ts';

export const registerStartRecipeRoute: RegisterRoute = (app, { engine }) => {
  app.post(
    '/recipes/:id/start',
    {
      schema: {
        tags: ['recipes'],
        summary:
          'Start the current version. Every bound connection is tested first; 409 connections_required lists each slot that is unbound or not ' +
          'connected, and why. The body is optional: { since } chooses where a polling trigger begins on its first start.',
        operationId: 'startRecipe',
        params: RecipeParams,
        body: StartInput,
        ...OPTIONAL_BODY,
        response: { 200: RecipeView, ...errorResponses(401, 404, 409, ...BODY_ERRORS) },
      },
      preValidation: emptyBodyIsEmptyObject,
    },
    async (request) => engine.recipes.start(actorOf(request), request.params.id, request.body),
  );
};
