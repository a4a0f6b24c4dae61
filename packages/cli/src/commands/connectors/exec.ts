import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { call, connectApi } from '../../api-client.ts';
import { CliError, flag, stringOption, type Command, type Io } from '../../command.ts';
import { formatJson } from '../../output.ts';

/** `--input` is JSON text, or `@file` / a path to a JSON file (what is easier to edit while writing a connector). */
async function readInput(raw: string, io: Io): Promise<unknown> {
  const trimmed = raw.trim();
  const looksLikeJson = trimmed.startsWith('{') || trimmed.startsWith('[');
  let text = trimmed;
  if (!looksLikeJson) {
    const file = resolve(io.cwd, trimmed.replace(/^@/, ''));
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new CliError(`--input is neither JSON nor a readable file (${err instanceof Error ? err.message : String(err)}).`, 2);
    }
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError(`--input is not valid JSON (${err instanceof Error ? err.message : String(err)}).`, 2);
  }
}

export const execConnectorAction: Command = {
  path: ['connectors', 'exec'],
  summary: "Run one action of a connector through a connection now, and print its output (for writing and trying connectors).",
  usage: [
    '  <key>                 the connector key, e.g. salesforce',
    '  <action>              the action name (see "patchbay connectors show <key>")',
    '  --connection <id>     a connection of that connector',
    "  --input <json|file>   the action's input as JSON, or a JSON file (default {})",
    '  --json                print the API response { "output" } instead of the output alone',
    '',
    "Prints the action's output as JSON.",
  ].join('\n'),
  options: { connection: { type: 'string' }, input: { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['key', 'action'],
  async run(args, io) {
    const [key = '', action = ''] = args.positionals;
    const connectionId = stringOption(args, 'connection');
    if (!connectionId) throw new CliError('--connection <id> is required: the connection to run the action through (see "patchbay connections list").', 2);
    const input = await readInput(stringOption(args, 'input') ?? '{}', io);
    const api = await connectApi(io);
    const connection = await call(api.GET('/api/v1/connections/{id}', { params: { path: { id: connectionId } } }));
    if (connection.connector !== key) {
      throw new CliError(`connection ${connectionId} is a ${connection.connector} connection, not ${key}: pick a ${key} connection.`, 2);
    }
    // The input is JSON the user wrote: the server checks it against the action's schema and names
    // each problem, so it goes as it is (see UncheckedBodyPaths in @patchbay/client).
    const { output } = await call(
      api.unchecked.POST('/api/v1/connections/{id}/actions/{action}', { params: { path: { id: connectionId, action } }, body: { input } }),
    );
    // Without --json the output alone, as a person writing a connector wants to read it.
    io.out(formatJson(flag(args, 'json') ? { output } : output));
    return 0;
  },
};
