import { call, connectApi } from '../../api-client.ts';
import { flag, JSON_OPTION, type Command } from '../../command.ts';
import { formatJson, statusText } from '../../output.ts';
import { connectionId } from './paths.ts';

export const disconnectConnection: Command = {
  path: ['connections', 'disconnect'],
  summary: 'Forget the credentials of a connection but keep it, so it can be authorised again under the same id.',
  usage: '  <id>     the connection id\n  --force  even when running recipes use it (they will fail until it is connected again)\n  --json   print the API response as JSON',
  options: { ...JSON_OPTION, force: { type: 'boolean' } },
  positionals: ['id'],
  async run(args, io) {
    const id = connectionId(args);
    const api = await connectApi(io);
    const connection = await call(api.POST('/api/v1/connections/{id}/disconnect', { params: { path: { id }, query: flag(args, 'force') ? { force: 'true' } : {} } }));
    io.out(flag(args, 'json') ? formatJson(connection) : `Disconnected ${connection.id}: ${statusText(connection)}\n`);
    return 0;
  },
};
