import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { VersionDetailView } from '@patchbay/engine';
import { actorOf } from '../../auth/bearer-hook.ts';
import { errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { RecipeParams } from './schemas.ts';

/** The largest version the store's integer column holds: a larger one is refused as input, never sent to the database. */
const MAX_VERSION = 2_147_483_647;

const VersionParams = Type.Object({
  ...RecipeParams.properties,
  version: Type.Integer({ minimum: 1, maximum: MAX_VERSION, description: 'A version number, 1 for the first save: see GET /api/v1/recipes/{id}/versions.' }),
});

/** Decimal text, as the contract of query numbers reads it (http/query.ts): "1.5" and "-1" reach the schema as numbers and fail there. */
const DECIMAL = /^-?[0-9]{1,12}(\.[0-9]{1,12})?$/;

/**
 * Path parameters are text and the validator does not coerce types (app.ts), so `/versions/2` is
 * turned into the number 2 just before validation; anything else (`abc`, `0x10`) is left as it is
 * for the schema to refuse with its message. The document then states the range as an integer.
 */
async function numericVersion(request: FastifyRequest): Promise<void> {
  const params: unknown = request.params;
  if (typeof params !== 'object' || params === null) return;
  const version: unknown = Reflect.get(params, 'version');
  if (typeof version === 'string' && DECIMAL.test(version)) Reflect.set(params, 'version', Number(version));
}

export const registerRecipeVersionRoute: RegisterRoute = (app, { engine }) => {
  app.get(
    '/recipes/:id/versions/:version',
    {
      preValidation: numericVersion,
      schema: {
        tags: ['recipes'],
        summary:
          'Show one saved version: when and by whom it was saved, whether a running recipe runs it, and the definition it holds. 404 names the recipe or the version that does not exist.',
        operationId: 'getRecipeVersion',
        params: VersionParams,
        response: { 200: VersionDetailView, ...errorResponses(401, 404) },
      },
    },
    async (request) => engine.recipes.version(actorOf(request), request.params.id, request.params.version),
  );
};
