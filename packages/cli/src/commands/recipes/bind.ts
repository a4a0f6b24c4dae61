import { call, connectApi } from '../../api-client.ts';
import { CliError, flag, JSON_OPTION, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { slotLine } from './format.ts';
import { recipeId } from './paths.ts';

/** `source=conn_1` binds, `source=` (or `source=-`) unbinds. */
function bindings(pairs: readonly string[]): Record<string, string | null> {
  const body: Record<string, string | null> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`"${pair}" must be slot=<connection id> (or slot= to unbind).`, 2);
    const value = pair.slice(at + 1);
    body[pair.slice(0, at)] = value === '' || value === '-' ? null : value;
  }
  return body;
}

export const bindRecipe: Command = {
  path: ['recipes', 'bind'],
  summary: "Bind a recipe's slots to connections; slots not named keep their binding.",
  usage: [
    '  <id>                 the recipe id',
    '  <slot=connection>…   e.g. source=conn_… target=conn_…; "slot=" unbinds',
    '  --json               print the API response as JSON',
  ].join('\n'),
  options: JSON_OPTION,
  positionals: ['id', 'slot=connection'],
  variadic: true,
  async run(args, io) {
    const id = recipeId(args);
    const body = bindings(args.positionals.slice(1));
    const api = await connectApi(io);
    const recipe = await call(api.PUT('/api/v1/recipes/{id}/connections', { params: { path: { id } }, body }));
    if (flag(args, 'json')) io.out(formatJson(recipe));
    else io.out(recipe.connections.map((s) => `${slotLine(s)}\n`).join(''));
    return 0;
  },
};
