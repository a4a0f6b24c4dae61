import { dataDirOf } from '../../api-client.ts';
import { CliError, flag, JSON_OPTION, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { readDemoState } from '../../demo/state.ts';

/** The record a person would enter in Salesforce for each kind. */
function recordFor(kind: string, name: string): { object: string; fields: Record<string, unknown> } {
  if (kind === 'account') return { object: 'Account', fields: { Name: name, Industry: 'Technology', Website: 'https://example.com' } };
  if (kind === 'case') return { object: 'Case', fields: { Subject: name, Description: `Reported through the demo: ${name}`, Status: 'New', Origin: 'Web', Priority: 'Medium' } };
  throw new CliError(`"${kind}" is not something the demo adds: use account or case.`, 2);
}

export const demoAdd: Command = {
  path: ['demo', 'add'],
  summary: 'Add an account or a case in the emulated Salesforce production org, as a user would, to watch a demo recipe run.',
  usage: '  <account|case>   what to add\n  <name>           the account name, or the case subject\n  --json           print { "object", "id", "name" } as JSON',
  options: JSON_OPTION,
  positionals: ['kind', 'name'],
  async run(args, io) {
    const [kind = '', name = ''] = args.positionals;
    const { object, fields } = recordFor(kind, name);
    const state = await readDemoState(dataDirOf(io));
    let response: Response;
    try {
      response = await fetch(`${state.apps.salesforceProduction}/__emulator/records/${object}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fields),
      });
    } catch {
      throw new CliError(`The emulated Salesforce at ${state.apps.salesforceProduction} cannot be reached: is "npm run demo" still running?`);
    }
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) throw new CliError(`Salesforce refused the ${object}: ${JSON.stringify(body)}`);
    const id = typeof body === 'object' && body !== null && 'id' in body ? String(body.id) : '?';
    if (flag(args, 'json')) {
      io.out(formatJson({ object, id, name }));
      return 0;
    }
    io.out(`Added ${object} ${id} "${name}" in Salesforce production. The demo recipes poll every 10 s; watch with "npx patchbay jobs list <recipe id>".\n`);
    return 0;
  },
};
