import { RecipeView } from '@patchbay/engine';
import { actorOf } from '../../auth/bearer-hook.ts';
import { OPTIONAL_BODY, emptyBodyIsEmptyObject } from '../../http/optional-body.ts';
import { EmptyBody, BODY_ERRORS, errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { RecipeParams } from './schemas.ts';

export const registerStopRecipeRoute: RegisterRoute = (app, { engine }) => {
  app.post(
    '/recipes/:id/stop',
    {
      schema: {
        tags: ['recipes'],
        summary: 'Stop the recipe: its trigger stops and its webhook URL answers 404. Jobs already accepted still run.',
        operationId: 'stopRecipe',
        params: RecipeParams,
        body: EmptyBody,
        ...OPTIONAL_BODY,
        response: { 200: RecipeView, ...errorResponses(401, 404, ...BODY_ERRORS) },
      },
      preValidation: emptyBodyIsEmptyObject,
    },
    async (request) => engine.recipes.stop(actorOf(request), request.params.id),
  );
};
