/** Every TanStack Query key of the UI, in one place: mutations invalidate by these. */
export const keys = {
  session: ['session'] as const,
  connectors: ['connectors'] as const,
  connections: ['connections'] as const,
};
