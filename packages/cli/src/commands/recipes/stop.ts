import { call, connectApi } from '../../api-client.ts';
import { flag, JSON_OPTION, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { recipeId } from './paths.ts';

export const stopRecipe: Command = {
  path: ['recipes', 'stop'],
  summary: 'Stop a recipe: its trigger stops and its webhook URL answers 404. Jobs already accepted still run.',
  usage: '  <id>     the recipe id\n  --json   print the API response as JSON',
  options: JSON_OPTION,
  positionals: ['id'],
  async run(args, io) {
    const id = recipeId(args);
    const api = await connectApi(io);
    const recipe = await call(api.POST('/api/v1/recipes/{id}/stop', { params: { path: { id } } }));
    io.out(flag(args, 'json') ? formatJson(recipe) : `Stopped ${recipe.id}\n`);
    return 0;
  },
};
