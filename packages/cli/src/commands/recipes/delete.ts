import { call, connectApi } from '../../api-client.ts';
import { flag, JSON_OPTION, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { recipeId } from './paths.ts';

export const deleteRecipe: Command = {
  path: ['recipes', 'delete'],
  summary: 'Delete a stopped recipe with its versions and job history.',
  usage: '  <id>     the recipe id\n  --json   print { "id", "deleted": true } as JSON',
  options: JSON_OPTION,
  positionals: ['id'],
  async run(args, io) {
    const id = recipeId(args);
    const api = await connectApi(io);
    await call(api.DELETE('/api/v1/recipes/{id}', { params: { path: { id } } }));
    io.out(flag(args, 'json') ? formatJson({ id, deleted: true }) : `Deleted ${id}\n`);
    return 0;
  },
};
