import type { RecipeView } from '@patchbay/engine';
import { createApiClient } from '../../api-client.ts';
import { flag, JSON_OPTION, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { formatRecipeTable } from './format.ts';

export const listRecipes: Command = {
  path: ['recipes', 'list'],
  summary: "List the workspace's recipes: status, version, trigger and how many slots are ready.",
  usage: '  --json   print the API response as JSON',
  options: JSON_OPTION,
  async run(args, io) {
    const { recipes } = await createApiClient(io).request<{ recipes: RecipeView[] }>('GET', '/api/v1/recipes');
    io.out(flag(args, 'json') ? formatJson({ recipes }) : formatRecipeTable(recipes));
    return 0;
  },
};
