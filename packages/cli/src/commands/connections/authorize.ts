import { call, connectApi } from '../../api-client.ts';
import { flag, stringOption, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { connectionId } from './paths.ts';

export const authorizeConnection: Command = {
  path: ['connections', 'authorize'],
  summary: 'Start OAuth2 for a connection: prints the URL to open in a browser. Re-authorising keeps the same id.',
  usage: [
    '  <id>                       the connection id',
    '  --confirm-instance-change  allow authorising into a different app instance (another org or site)',
    '  --opener-origin <origin>   origin of a web page that opened the browser window, to receive the result',
    '  --json                     print the API response as JSON',
  ].join('\n'),
  options: { json: { type: 'boolean' }, 'confirm-instance-change': { type: 'boolean' }, 'opener-origin': { type: 'string' } },
  positionals: ['id'],
  async run(args, io) {
    const body: { confirmInstanceChange?: boolean; openerOrigin?: string } = {};
    if (flag(args, 'confirm-instance-change')) body.confirmInstanceChange = true;
    const openerOrigin = stringOption(args, 'opener-origin');
    if (openerOrigin !== undefined) body.openerOrigin = openerOrigin;
    const id = connectionId(args);
    const api = await connectApi(io);
    const { url } = await call(api.POST('/api/v1/connections/{id}/authorize', { params: { path: { id } }, body }));
    io.out(flag(args, 'json') ? formatJson({ url }) : `Open this URL in a browser to authorise the connection:\n${url}\n`);
    return 0;
  },
};
