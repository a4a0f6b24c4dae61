import { call, connectApi } from '../../api-client.ts';
import { flag, JSON_OPTION, type Command } from '../../command.ts';
import { formatJson, formatTable } from '../../output.ts';

export const listConnectors: Command = {
  path: ['connectors', 'list'],
  summary: 'List the installed connectors: the apps Patchbay can connect to.',
  usage: '  --json   print the API response as JSON',
  options: JSON_OPTION,
  async run(args, io) {
    const api = await connectApi(io);
    const { connectors } = await call(api.GET('/api/v1/connectors'));
    if (flag(args, 'json')) {
      io.out(formatJson({ connectors }));
      return 0;
    }
    io.out(
      formatTable(
        ['KEY', 'TITLE', 'AUTH', 'ACTIONS', 'TRIGGERS'],
        connectors.map((c) => [c.key, c.title, c.auth.kinds.map((k) => k.option).join(', '), String(c.actions.length), String(c.triggers.length)]),
      ),
    );
    return 0;
  },
};
