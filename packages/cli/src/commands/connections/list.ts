import { call, connectApi } from '../../api-client.ts';
import { flag, type Command } from '../../command.ts';
import { PAGE_OPTIONS, PAGE_USAGE, nextPageHint, pageQuery } from '../../list-pages.ts';
import { formatConnectionTable, formatJson } from '../../output.ts';

const PATH = ['connections', 'list'] as const;

export const listConnections: Command = {
  path: PATH,
  summary: "List the workspace's connections, oldest first, a page at a time.",
  usage: PAGE_USAGE,
  options: PAGE_OPTIONS,
  async run(args, io) {
    const query = pageQuery(args);
    const api = await connectApi(io);
    const page = await call(api.GET('/api/v1/connections', { params: { query } }));
    io.out(flag(args, 'json') ? formatJson(page) : formatConnectionTable(page.connections) + nextPageHint(PATH, args, page.next));
    return 0;
  },
};
