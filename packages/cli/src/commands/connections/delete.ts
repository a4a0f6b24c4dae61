import { call, connectApi } from '../../api-client.ts';
import { flag, JSON_OPTION, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { connectionId } from './paths.ts';

export const deleteConnection: Command = {
  path: ['connections', 'delete'],
  summary: 'Delete a connection and its stored credentials.',
  usage: '  <id>     the connection id\n  --force  even when running recipes use it (they will fail)\n  --json   print { "id", "deleted": true } as JSON',
  options: { ...JSON_OPTION, force: { type: 'boolean' } },
  positionals: ['id'],
  async run(args, io) {
    const id = connectionId(args);
    const api = await connectApi(io);
    await call(api.DELETE('/api/v1/connections/{id}', { params: { path: { id }, query: flag(args, 'force') ? { force: 'true' } : {} } }));
    io.out(flag(args, 'json') ? formatJson({ id, deleted: true }) : `Deleted ${id}\n`);
    return 0;
  },
};
