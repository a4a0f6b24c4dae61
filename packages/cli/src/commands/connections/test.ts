import { call, connectApi } from '../../api-client.ts';
import { flag, JSON_OPTION, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { connectionId } from './paths.ts';

export const testConnection: Command = {
  path: ['connections', 'test'],
  summary: 'Test a connection now. Exits 1 when the test fails, so scripts can rely on it.',
  usage: '  <id>     the connection id\n  --json   print the API response as JSON',
  options: JSON_OPTION,
  positionals: ['id'],
  async run(args, io) {
    const id = connectionId(args);
    const api = await connectApi(io);
    const result = await call(api.POST('/api/v1/connections/{id}/test', { params: { path: { id } } }));
    if (flag(args, 'json')) io.out(formatJson(result));
    else io.out(result.ok ? `ok${result.message ? `: ${result.message}` : ''}\n` : `failed: ${result.message ?? 'no reason given'}\n`);
    return result.ok ? 0 : 1;
  },
};
