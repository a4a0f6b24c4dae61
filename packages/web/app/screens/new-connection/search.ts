/**
 * `/connections/new?connector=salesforce[&created=conn_…]`: the connector chosen, then the connection
 * made, kept in the URL so a full-page OAuth redirect returns to the same screen.
 */
export interface NewConnectionSearch {
  connector?: string;
  created?: string;
}

export function newConnectionSearch(search: Record<string, unknown>): NewConnectionSearch {
  const result: NewConnectionSearch = {};
  if (typeof search.connector === 'string' && search.connector) result.connector = search.connector;
  if (typeof search.created === 'string' && search.created) result.created = search.created;
  return result;
}
