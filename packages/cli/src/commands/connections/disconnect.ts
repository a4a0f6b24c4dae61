import type { ConnectionView } from '@patchbay/vault';
import { createApiClient } from '../../api-client.ts';
import { flag, JSON_OPTION, type Command } from '../../command.ts';
import { formatJson, statusText } from '../../output.ts';
import { connectionPath } from './paths.ts';

export const disconnectConnection: Command = {
  path: ['connections', 'disconnect'],
  summary: 'Forget the credentials of a connection but keep it, so it can be authorised again under the same id.',
  usage: '  <id>     the connection id\n  --force  even when running recipes use it (they will fail until it is connected again)\n  --json   print the API response as JSON',
  options: { ...JSON_OPTION, force: { type: 'boolean' } },
  positionals: ['id'],
  async run(args, io) {
    const connection = await createApiClient(io).request<ConnectionView>('POST', connectionPath(args, flag(args, 'force') ? '/disconnect?force=true' : '/disconnect'));
    io.out(flag(args, 'json') ? formatJson(connection) : `Disconnected ${connection.id}: ${statusText(connection)}\n`);
    return 0;
  },
};
