import { DefinitionDocument } from '@patchbay/engine';
import { actorOf } from '../../auth/bearer-hook.ts';
import { errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { RecipeParams } from './schemas.ts';

/**
 * `attachment; filename="<name>.recipe.json"`. Characters a quoted filename cannot carry safely
 * (quotes, backslashes, path separators, control and non-ASCII characters) become "_"; when that
 * changed the name, the exact one follows as RFC 6266 `filename*`.
 */
export function attachmentHeader(name: string): string {
  const file = `${name}.recipe.json`;
  const ascii = file.replace(/[^\x20-\x7e]|["\\/]/g, '_');
  if (ascii === file) return `attachment; filename="${file}"`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export const registerExportRecipeRoute: RegisterRoute = (app, { engine }) => {
  app.get(
    '/recipes/:id/export',
    {
      schema: {
        tags: ['recipes'],
        summary:
          'Download the current definition exactly as saved: no ids, no connection bindings, no credentials. POST it to /api/v1/recipes/import to copy the recipe.',
        operationId: 'exportRecipe',
        params: RecipeParams,
        response: { 200: DefinitionDocument, ...errorResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const definition = await engine.recipes.exportDefinition(actorOf(request), request.params.id);
      return reply.header('content-disposition', attachmentHeader(definition.name)).send(definition);
    },
  );
};
