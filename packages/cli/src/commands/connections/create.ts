import { call, connectApi } from '../../api-client.ts';
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
    const api = await connectApi(io);
    const description = await call(api.GET('/api/v1/connectors/{key}', { params: { path: { key: connector } } }));
    const fields = await readFieldValues(args, description);
    const environment = stringOption(args, 'environment');
    // Fields typed on a command line: the server checks them against the connector and names each
    // problem, so they go as they are (see UncheckedBodyPaths in @patchbay/client).
    const input = { connector, name, fields, ...(environment === undefined ? {} : { environment }) };
    const connection = await call(api.unchecked.POST('/api/v1/connections', { body: input }));
    io.out(flag(args, 'json') ? formatJson(connection) : formatConnection(connection));
    return 0;
  },
};
