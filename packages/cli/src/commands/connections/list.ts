import type { ConnectionView } from '@patchbay/vault';
import { createApiClient } from '../../api-client.ts';
import { flag, JSON_OPTION, type Command } from '../../command.ts';
import { formatConnectionTable, formatJson } from '../../output.ts';

export const listConnections: Command = {
  path: ['connections', 'list'],
  summary: "List the workspace's connections.",
  usage: '  --json   print the API response as JSON',
  options: JSON_OPTION,
  async run(args, io) {
    const { connections } = await createApiClient(io).request<{ connections: ConnectionView[] }>('GET', '/api/v1/connections');
    io.out(flag(args, 'json') ? formatJson({ connections }) : formatConnectionTable(connections));
    return 0;
  },
};
