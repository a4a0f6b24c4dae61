/** `/connections/new?connector=salesforce`: the connector chosen, kept in the URL so a full-page OAuth redirect returns to it. */
export interface NewConnectionSearch {
  connector?: string;
}

export function newConnectionSearch(search: Record<string, unknown>): NewConnectionSearch {
  return typeof search.connector === 'string' && search.connector ? { connector: search.connector } : {};
}
