import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { RecipeView } from '@patchbay/engine';
import { ApiError, createApiClient } from '../../api-client.ts';
import { CliError, flag, JSON_OPTION, type Command, type Io } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { formatRecipe } from './format.ts';

async function readDefinition(file: string, io: Io): Promise<unknown> {
  let text: string;
  try {
    if (file === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
      text = Buffer.concat(chunks).toString('utf8');
    } else {
      text = await readFile(resolve(io.cwd, file), 'utf8');
    }
  } catch (err) {
    throw new CliError(`cannot read ${file} (${err instanceof Error ? err.message : String(err)}).`, 2);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError(`${file} is not JSON (${err instanceof Error ? err.message : String(err)}): give a file written by "patchbay recipes export".`, 2);
  }
}

/** The server lists every problem of a definition with its location: show them all, one a line. */
function problemList(err: ApiError): string {
  if (!Array.isArray(err.details)) return '';
  const lines = err.details.flatMap((d: unknown) =>
    typeof d === 'object' && d !== null && 'path' in d && 'message' in d ? [`  ${String(d.path)} ${String(d.message)}`] : [],
  );
  return lines.length > 0 ? `\n${lines.join('\n')}` : '';
}

export const importRecipe: Command = {
  path: ['recipes', 'import'],
  summary: 'Create a recipe from a definition file (as written by "recipes export"). It starts stopped: bind its slots, then start it.',
  usage: '  <file>   the definition JSON, or "-" to read it from stdin\n  --json   print the API response as JSON',
  options: JSON_OPTION,
  positionals: ['file'],
  async run(args, io) {
    const file = args.positionals[0] ?? '';
    const definition = await readDefinition(file, io);
    let recipe: RecipeView;
    try {
      recipe = await createApiClient(io).request<RecipeView>('POST', '/api/v1/recipes/import', definition);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_input') throw new CliError(`${file}: ${err.message}${problemList(err)}`);
      throw err;
    }
    if (flag(args, 'json')) {
      io.out(formatJson(recipe));
      return 0;
    }
    io.out(`Imported ${recipe.id}\n${formatRecipe(recipe)}`);
    const unbound = recipe.connections.filter((s) => s.connectionId === null).map((s) => `${s.slot}=<connection id>`);
    if (unbound.length > 0) io.out(`\nNext: patchbay recipes bind ${recipe.id} ${unbound.join(' ')}\n`);
    return 0;
  },
};
