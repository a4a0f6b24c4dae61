import type { RecipeView } from '@patchbay/engine';
import { createApiClient } from '../../api-client.ts';
import { flag, JSON_OPTION, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { formatRecipe } from './format.ts';
import { recipePath } from './paths.ts';

export const showRecipe: Command = {
  path: ['recipes', 'show'],
  summary: 'Show one recipe: status and reason, versions, webhook URL, and each slot with its connection.',
  usage: '  <id>     the recipe id (see "patchbay recipes list")\n  --json   print the API response as JSON (with the definition)',
  options: JSON_OPTION,
  positionals: ['id'],
  async run(args, io) {
    const recipe = await createApiClient(io).request<RecipeView>('GET', recipePath(args));
    io.out(flag(args, 'json') ? formatJson(recipe) : formatRecipe(recipe));
    return 0;
  },
};
