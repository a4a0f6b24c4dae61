import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { PatchbayClient, Recipe } from '@patchbay/client';
import { ApiError, call, connectApi } from '../../api-client.ts';
import { CliError, flag, JSON_OPTION, type Command, type Io } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { progressTo } from '../../progress.ts';
import { formatRecipe } from './format.ts';

/** What went wrong with one file; in a folder the others are still imported. `reason` is the message without the file name. */
class FileProblem extends CliError {
  constructor(
    readonly reason: string,
    message: string,
    exitCode: number,
  ) {
    super(message, exitCode);
    this.name = 'FileProblem';
  }
}

async function readText(file: string, io: Io): Promise<string> {
  try {
    if (file !== '-') return await readFile(resolve(io.cwd, file), 'utf8');
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new FileProblem(`cannot be read (${why})`, `cannot read ${file} (${why}).`, 2);
  }
}

function parseDefinition(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const why = `is not JSON (${err instanceof Error ? err.message : String(err)})`;
    throw new FileProblem(why, `${file} ${why}: give a file written by "patchbay recipes export".`, 2);
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

/** The API, connected on first use: a folder of unreadable files, or one, is reported without a server. */
type Connect = () => Promise<PatchbayClient>;

async function importOne(connect: Connect, file: string, definition: unknown): Promise<Recipe> {
  const api = await connect();
  try {
    // The file as the user wrote it: the server validates it and locates every problem, which is
    // what the user needs to fix it (see UncheckedBodyPaths in @patchbay/client).
    return await call(api.unchecked.POST('/api/v1/recipes/import', { body: definition }));
  } catch (err) {
    if (err instanceof ApiError && err.code === 'invalid_input') {
      const reason = `${err.message}${problemList(err)}`;
      throw new FileProblem(reason, `${file}: ${reason}`, 1);
    }
    throw err;
  }
}

const unboundSlots = (recipe: Recipe) => recipe.connections.filter((s) => s.connectionId === null).map((s) => s.slot);

async function isFolder(path: string, io: Io): Promise<boolean> {
  if (path === '-') return false;
  return stat(resolve(io.cwd, path)).then((s) => s.isDirectory(), () => false);
}

interface FolderResult {
  imported: { file: string; recipe: Recipe }[];
  failed: { file: string; error: string; code: string | null }[];
}

/**
 * Every `*.json` of the folder (not its subfolders), in name order. A file that fails does not stop
 * the others: each is reported, and the exit code says whether all went in. Imports are not undone
 * on a failure, so the report names the files to import again once fixed.
 */
async function importFolder(connect: Connect, folder: string, io: Io): Promise<FolderResult> {
  const names = (await readdir(resolve(io.cwd, folder), { withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => entry.name)
    .sort();
  if (names.length === 0) throw new CliError(`${folder} holds no *.json files: give a folder of files written by "patchbay recipes export".`, 2);
  const progress = progressTo(io);
  const result: FolderResult = { imported: [], failed: [] };
  for (const [index, name] of names.entries()) {
    const file = join(folder, name);
    progress(`[${index + 1}/${names.length}] ${file}…`);
    try {
      const recipe = await importOne(connect, file, parseDefinition(file, await readText(file, io)));
      result.imported.push({ file, recipe });
    } catch (err) {
      // Anything else (the server cannot be reached, no token) would fail every later file the same way: stop.
      if (err instanceof FileProblem) result.failed.push({ file, error: err.reason, code: null });
      else if (err instanceof ApiError) result.failed.push({ file, error: err.message, code: err.code });
      else throw err;
    }
  }
  return result;
}

function folderReport(folder: string, { imported, failed }: FolderResult): string {
  const lines = imported.map(({ file, recipe }) => {
    const unbound = unboundSlots(recipe);
    return `${file}: imported ${recipe.id} "${recipe.name}"${unbound.length > 0 ? ` (to bind: ${unbound.join(', ')})` : ''}`;
  });
  const failures = failed.map(({ file, error }) => `${file}: failed: ${error}`);
  const summary =
    failed.length === 0
      ? `Imported ${imported.length} recipe(s) from ${folder}. Next: "patchbay recipes bind <id> slot=<connection id>" for each.`
      : `Imported ${imported.length} of ${imported.length + failed.length} recipe(s) from ${folder}; fix the failed file(s) and import each with "patchbay recipes import <file>".`;
  return `${[...lines, ...failures, summary].join('\n')}\n`;
}

export const importRecipe: Command = {
  path: ['recipes', 'import'],
  summary: 'Create a recipe from a definition file (as written by "recipes export"), or one per *.json file of a folder. Each starts stopped: bind its slots, then start it.',
  usage: [
    '  <file|folder>  the definition JSON, "-" to read it from stdin, or a folder: every *.json in it, in name order',
    '  --json         print the API response as JSON; for a folder { "imported": [{ "file", "recipe" }], "failed": [{ "file", "error", "code" }] }',
    '',
    'A folder is imported file by file (progress shown on a terminal); a file that fails does not stop the others,',
    'and the exit code is 1 when any failed.',
  ].join('\n'),
  options: JSON_OPTION,
  positionals: ['file'],
  async run(args, io) {
    const file = args.positionals[0] ?? '';
    let connected: Promise<PatchbayClient> | undefined;
    const connect = () => (connected ??= connectApi(io));
    if (await isFolder(file, io)) {
      const result = await importFolder(connect, file, io);
      io.out(flag(args, 'json') ? formatJson(result) : folderReport(file, result));
      return result.failed.length === 0 ? 0 : 1;
    }
    const recipe = await importOne(connect, file, parseDefinition(file, await readText(file, io)));
    if (flag(args, 'json')) {
      io.out(formatJson(recipe));
      return 0;
    }
    io.out(`Imported ${recipe.id}\n${formatRecipe(recipe)}`);
    const unbound = unboundSlots(recipe).map((slot) => `${slot}=<connection id>`);
    if (unbound.length > 0) io.out(`\nNext: patchbay recipes bind ${recipe.id} ${unbound.join(' ')}\n`);
    return 0;
  },
};
