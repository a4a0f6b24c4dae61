import type { Connector } from '@patchbay/client';
import { call, connectApi } from '../../api-client.ts';
import { flag, JSON_OPTION, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';

function memberLine(member: Connector['actions'][number]): string {
  const extras = [
    member.scopes.length > 0 ? `scopes: ${member.scopes.join(' ')}` : '',
    member.picklists.length > 0 ? `pick lists: ${member.picklists.map((p) => `${p.input}←${p.list}`).join(', ')}` : '',
    member.dynamicSchema ? `schema from: ${member.dynamicSchema.dependsOn.join(', ')}` : '',
  ].filter(Boolean);
  return `  ${member.name.padEnd(18)} ${member.title}${extras.length > 0 ? ` (${extras.join('; ')})` : ''}`;
}

/** A connector as a person reads it: its fields, auth kinds, pick lists, actions and triggers. */
export function formatConnector(c: Connector): string {
  const fields = c.fields.map((f) => {
    const notes = [f.type, f.required ? 'required' : '', f.operatorDefault ? 'operator may set it' : '', f.options ? `one of ${f.options.map((o) => o.value).join('|')}` : ''].filter(Boolean);
    return `  ${f.name.padEnd(18)} ${f.label} (${notes.join(', ')})`;
  });
  const auth = c.auth.kinds.map((k) => `  ${k.option.padEnd(18)} ${k.kind}${k.requires.length > 0 ? ` (needs ${k.requires.join(', ')})` : ''}`);
  const lists = c.picklists.map((p) => `  ${p.name.padEnd(18)} ${p.title}${p.params.length > 0 ? ` (?${p.params.join('&')})` : ''}`);
  const section = (title: string, lines: string[]) => (lines.length > 0 ? [`${title}:`, ...lines] : [`${title}: none`]);
  return [
    `${c.title} (${c.key} ${c.version})${c.maxSlotsPerRecipe > 1 ? `, up to ${c.maxSlotsPerRecipe} per recipe` : ''}`,
    ...(c.description ? [c.description] : []),
    '',
    ...section('fields', fields),
    ...section(c.auth.selectedBy ? `auth (chosen by ${c.auth.selectedBy})` : 'auth', auth),
    ...section('pick lists', lists),
    ...section('actions', c.actions.map(memberLine)),
    ...section('triggers', c.triggers.map((t) => `${memberLine(t)} [${t.kind}]`)),
  ].join('\n') + '\n';
}

export const showConnector: Command = {
  path: ['connectors', 'show'],
  summary: "Show one connector: its connection fields, auth kinds, pick lists, actions and triggers.",
  usage: '  <key>    the connector key (see "patchbay connectors list")\n  --json   print the API response as JSON (with the input and output schemas)',
  options: JSON_OPTION,
  positionals: ['key'],
  async run(args, io) {
    const key = args.positionals[0] ?? '';
    const api = await connectApi(io);
    const connector = await call(api.GET('/api/v1/connectors/{key}', { params: { path: { key } } }));
    io.out(flag(args, 'json') ? formatJson(connector) : formatConnector(connector));
    return 0;
  },
};
