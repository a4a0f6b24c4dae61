import type { RecipeView } from '@patchbay/engine';
import { createApiClient } from '../../api-client.ts';
import { flag, JSON_OPTION, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { recipePath } from './paths.ts';

export const stopRecipe: Command = {
  path: ['recipes', 'stop'],
  summary: 'Stop a recipe: its trigger stops and its webhook URL answers 404. Jobs already accepted still run.',
  usage: '  <id>     the recipe id\n  --json   print the API response as JSON',
  options: JSON_OPTION,
  positionals: ['id'],
  async run(args, io) {
    const recipe = await createApiClient(io).request<RecipeView>('POST', recipePath(args, '/stop'));
    io.out(flag(args, 'json') ? formatJson(recipe) : `Stopped ${recipe.id}\n`);
    return 0;
  },
};
