import { RecipeView } from '@patchbay/engine';
import { actorOf } from '../../auth/bearer-hook.ts';
import { BODY_ERRORS, errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { DefinitionBody } from './schemas.ts';

export const registerCreateRecipeRoute: RegisterRoute = (app, { engine }) => {
  app.post(
    '/recipes',
    {
      schema: {
        tags: ['recipes'],
        summary: 'Create a recipe from its definition (version 1, stopped). Bind its slots, then start it.',
        operationId: 'createRecipe',
        body: DefinitionBody,
        response: { 201: RecipeView, ...errorResponses(401, ...BODY_ERRORS) },
      },
    },
    async (request, reply) => reply.code(201).send(await engine.recipes.create(actorOf(request), request.body)),
  );
};
