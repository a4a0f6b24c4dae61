import { call, connectApi } from '../../api-client.ts';
import { flag, JSON_OPTION, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { formatRecipe } from './format.ts';
import { recipeId } from './paths.ts';

export const showRecipe: Command = {
  path: ['recipes', 'show'],
  summary: 'Show one recipe: status and reason, versions, webhook URL, and each slot with its connection.',
  usage: '  <id>     the recipe id (see "patchbay recipes list")\n  --json   print the API response as JSON (with the definition)',
  options: JSON_OPTION,
  positionals: ['id'],
  async run(args, io) {
    const id = recipeId(args);
    const api = await connectApi(io);
    const recipe = await call(api.GET('/api/v1/recipes/{id}', { params: { path: { id } } }));
    io.out(flag(args, 'json') ? formatJson(recipe) : formatRecipe(recipe));
    return 0;
  },
};
