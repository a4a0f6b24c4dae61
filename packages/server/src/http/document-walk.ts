/** A JSON object of the OpenAPI document (never an array). */
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Calls `visit` with every operation object of the document's `paths` (the methods under each path). */
export function eachOperation(paths: unknown, visit: (operation: Record<string, unknown>) => void): void {
  if (!isObject(paths)) return;
  for (const operations of Object.values(paths)) {
    if (!isObject(operations)) continue;
    for (const operation of Object.values(operations)) if (isObject(operation)) visit(operation);
  }
}
