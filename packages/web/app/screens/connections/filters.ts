import type { Connection } from '../../api/client.ts';

export type ConnectionStatus = Connection['status'];

/** The status words people read, in the order the filter offers them. */
export const STATUS_LABELS: Record<ConnectionStatus, string> = {
  connected: 'Connected',
  needs_reauth: 'Needs re-authorisation',
  error: 'Error',
  disconnected: 'Disconnected',
};
export const STATUSES = Object.keys(STATUS_LABELS) as ConnectionStatus[];

/** The page's filters, kept in the URL (`?status=error&app=salesforce&q=prod`): shareable, and Back undoes one. */
export interface ConnectionFilters {
  status?: ConnectionStatus;
  app?: string;
  q?: string;
}

const isStatus = (value: unknown): value is ConnectionStatus => typeof value === 'string' && value in STATUS_LABELS;

export function connectionFilters(search: Record<string, unknown>): ConnectionFilters {
  const filters: ConnectionFilters = {};
  if (isStatus(search.status)) filters.status = search.status;
  if (typeof search.app === 'string' && search.app) filters.app = search.app;
  if (typeof search.q === 'string' && search.q) filters.q = search.q;
  return filters;
}

export function applyFilters(connections: Connection[], filters: ConnectionFilters): Connection[] {
  const q = filters.q?.trim().toLowerCase();
  return connections.filter(
    (c) =>
      (!filters.status || c.status === filters.status) &&
      (!filters.app || c.connector === filters.app) &&
      (!q || c.name.toLowerCase().includes(q) || (c.identity?.label.toLowerCase().includes(q) ?? false)),
  );
}
