import { createApiClient } from '../../api-client.ts';
import { flag, JSON_OPTION, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { connectionPath } from './paths.ts';

export const deleteConnection: Command = {
  path: ['connections', 'delete'],
  summary: 'Delete a connection and its stored credentials.',
  usage: '  <id>     the connection id\n  --force  even when running recipes use it (they will fail)\n  --json   print { "id", "deleted": true } as JSON',
  options: { ...JSON_OPTION, force: { type: 'boolean' } },
  positionals: ['id'],
  async run(args, io) {
    const id = args.positionals[0] ?? '';
    await createApiClient(io).request<null>('DELETE', connectionPath(args, flag(args, 'force') ? '?force=true' : ''));
    io.out(flag(args, 'json') ? formatJson({ id, deleted: true }) : `Deleted ${id}\n`);
    return 0;
  },
};
