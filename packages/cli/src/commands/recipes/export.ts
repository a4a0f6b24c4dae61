import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { call, connectApi } from '../../api-client.ts';
import { CliError, flag, stringOption, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { recipeId } from './paths.ts';

export const exportRecipe: Command = {
  path: ['recipes', 'export'],
  summary: 'Print (or write) the current definition of a recipe as JSON: no ids, no bindings, no credentials. "recipes import" reads it back.',
  usage: [
    '  <id>          the recipe id',
    '  --out <file>  write it to this file instead of stdout',
    '  --json        the definition is JSON already; with --out, print { "id", "file" } instead of "Wrote <file>"',
  ].join('\n'),
  options: { out: { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['id'],
  async run(args, io) {
    const id = recipeId(args);
    const api = await connectApi(io);
    const definition = await call(api.GET('/api/v1/recipes/{id}/export', { params: { path: { id } } }));
    const out = stringOption(args, 'out');
    if (out === undefined) {
      io.out(formatJson(definition));
      return 0;
    }
    try {
      await writeFile(resolve(io.cwd, out), formatJson(definition));
    } catch (err) {
      throw new CliError(`cannot write ${out} (${err instanceof Error ? err.message : String(err)}).`);
    }
    if (flag(args, 'json')) io.out(formatJson({ id, file: resolve(io.cwd, out) }));
    else io.err(`Wrote ${out}\n`);
    return 0;
  },
};
