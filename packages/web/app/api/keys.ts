/** Every TanStack Query key of the UI, in one place: mutations invalidate by these. */
export const keys = {
  session: ['session'] as const,
  connectors: ['connectors'] as const,
  connections: ['connections'] as const,
  connection: (id: string) => ['connections', id] as const,
  /** Pick lists and dynamic schemas through a connection: stale when the connection changes. */
  connectionData: (id: string) => ['connections', id, 'data'] as const,
  recipes: ['recipes'] as const,
  recipe: (id: string) => ['recipes', id] as const,
  jobs: ['jobs'] as const,
  job: (id: string) => ['jobs', id] as const,
};
