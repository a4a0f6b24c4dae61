import type { ConnectorDescription } from '@patchbay/sdk';
import type { ConnectionView, CreateConnectionInput } from '@patchbay/vault';
import { createApiClient } from '../../api-client.ts';
import { CliError, flag, stringOption, type Command } from '../../command.ts';
import { formatConnection, formatJson } from '../../output.ts';
import { readFieldValues } from './field-values.ts';

export const createConnection: Command = {
  path: ['connections', 'create'],
  summary: 'Create a connection. OAuth2 connections then need "patchbay connections authorize <id>".',
  usage: [
    '  --connector <key>         connector key (GET /api/v1/connectors lists them), e.g. http',
    '  --name <name>             a name people recognise, e.g. "Billing API (production)"',
    '  --environment <label>     optional label such as production or sandbox',
    '  --field <name=value>      a connection field; repeat for each (numbers and booleans are converted)',
    '  --field-file <name=path>  a field read from a file, "-" for stdin: keeps secrets out of shell history',
    '  --json                    print the API response as JSON',
    '',
    'Example:',
    '  patchbay connections create --connector http --name "Status API" --field auth=none --field baseUrl=https://status.example.com',
  ].join('\n'),
  options: {
    connector: { type: 'string' },
    name: { type: 'string' },
    environment: { type: 'string' },
    field: { type: 'string', multiple: true },
    'field-file': { type: 'string', multiple: true },
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const connector = stringOption(args, 'connector');
    const name = stringOption(args, 'name');
    if (!connector || !name) throw new CliError('--connector and --name are required; see "patchbay connections create --help".', 2);
    const client = createApiClient(io);
    const description = await client.request<ConnectorDescription>('GET', `/api/v1/connectors/${encodeURIComponent(connector)}`);
    const fields = await readFieldValues(args, description);
    const input: CreateConnectionInput = { connector, name, fields };
    const environment = stringOption(args, 'environment');
    if (environment !== undefined) input.environment = environment;
    const connection = await client.request<ConnectionView>('POST', '/api/v1/connections', input);
    io.out(flag(args, 'json') ? formatJson(connection) : formatConnection(connection));
    return 0;
  },
};
