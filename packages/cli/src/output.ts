import type { Connection } from '@patchbay/client';

/** Left-aligned columns separated by two spaces, like `docker ps`; cells are single-line. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const clean = (cell: string) => cell.replace(/\s+/g, ' ');
  const all = [headers, ...rows].map((row) => row.map(clean));
  const widths = headers.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  return all.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}

export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * A duration as people read it: `60 ms`, `1.2 s`, `3 min 5 s`, `2 h 10 min`. Measured durations
 * carry microseconds (`60.167436999996426`) that say nothing to a reader.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return `${ms} ms`;
  if (ms > 0 && ms < 0.5) return '<1 ms';
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const tenths = Math.round(ms / 100) / 10;
  if (tenths < 60) return `${tenths} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return joinUnits(Math.floor(seconds / 60), 'min', seconds % 60, 's');
  const minutes = Math.round(ms / 60_000);
  return joinUnits(Math.floor(minutes / 60), 'h', minutes % 60, 'min');
}

const joinUnits = (big: number, bigUnit: string, small: number, smallUnit: string) => (small === 0 ? `${big} ${bigUnit}` : `${big} ${bigUnit} ${small} ${smallUnit}`);

const dash = (value: string | null | undefined) => (value === null || value === undefined || value === '' ? '-' : value);

export function statusText(connection: Connection): string {
  return connection.statusReason ? `${connection.status} (${connection.statusReason})` : connection.status;
}

export function formatConnectionTable(connections: readonly Connection[]): string {
  if (connections.length === 0) return 'No connections yet. Create one with "patchbay connections create --help".\n';
  return formatTable(
    ['ID', 'NAME', 'CONNECTOR', 'ENVIRONMENT', 'STATUS', 'CONNECTED AS'],
    connections.map((c) => [c.id, c.name, c.connector, dash(c.environment), c.status, dash(c.identity?.label)]),
  );
}

/** One connection as `label: value` lines; secret fields are only ever listed by name. */
export function formatConnection(c: Connection): string {
  const fields = Object.entries(c.fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const lines: [string, string][] = [
    ['id', c.id],
    ['name', c.name],
    ['connector', c.connector],
    ['environment', dash(c.environment)],
    ['status', statusText(c)],
    // The option the user chose (`bearer`), and the kind behind it when that says something else (`apiKey`).
    ['auth', c.authOption === c.authKind ? c.authKind : `${c.authOption} (kind: ${c.authKind})`],
    ['connected as', dash(c.identity?.label)],
    ['granted scopes', dash(c.grantedScopes.join(' '))],
    ['instance', dash(c.instanceKey)],
    ['fields', dash(fields.join(', '))],
    ['secret fields set', dash(c.secretFieldsSet.join(', '))],
    ['authorized at', dash(c.authorizedAt)],
    ['token expires at', dash(c.tokenExpiresAt)],
    ['last used at', dash(c.lastUsedAt)],
    ['lost at', dash(c.lostAt)],
    ['created at', c.createdAt],
    ['updated at', c.updatedAt],
  ];
  const width = Math.max(...lines.map(([label]) => label.length));
  return lines.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value}`).join('\n') + '\n';
}
