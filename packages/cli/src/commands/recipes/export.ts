import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createApiClient } from '../../api-client.ts';
import { CliError, stringOption, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { recipePath } from './paths.ts';

export const exportRecipe: Command = {
  path: ['recipes', 'export'],
  summary: 'Print (or write) the current definition of a recipe as JSON: no ids, no bindings, no credentials. "recipes import" reads it back.',
  usage: '  <id>          the recipe id\n  --out <file>  write it to this file instead of stdout',
  options: { out: { type: 'string' } },
  positionals: ['id'],
  async run(args, io) {
    const definition = await createApiClient(io).request<Record<string, unknown>>('GET', recipePath(args, '/export'));
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
    io.err(`Wrote ${out}\n`);
    return 0;
  },
};
