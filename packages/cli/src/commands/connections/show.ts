import { call, connectApi } from '../../api-client.ts';
import { flag, JSON_OPTION, type Command } from '../../command.ts';
import { formatConnection, formatJson } from '../../output.ts';
import { connectionId } from './paths.ts';

export const showConnection: Command = {
  path: ['connections', 'show'],
  summary: 'Show one connection: status and reason, who it is connected as, its fields (secret ones by name only).',
  usage: '  <id>     the connection id (see "patchbay connections list")\n  --json   print the API response as JSON',
  options: JSON_OPTION,
  positionals: ['id'],
  async run(args, io) {
    const id = connectionId(args);
    const api = await connectApi(io);
    const connection = await call(api.GET('/api/v1/connections/{id}', { params: { path: { id } } }));
    io.out(flag(args, 'json') ? formatJson(connection) : formatConnection(connection));
    return 0;
  },
};
