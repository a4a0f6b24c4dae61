import type { ConnectionView } from '@patchbay/vault';
import { createApiClient } from '../../api-client.ts';
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
    const page = await createApiClient(io).request<{ connections: ConnectionView[]; next: string | null }>('GET', `/api/v1/connections${pageQuery(args)}`);
    io.out(flag(args, 'json') ? formatJson(page) : formatConnectionTable(page.connections) + nextPageHint(PATH, args, page.next));
    return 0;
  },
};
