/**
 * Readers for JSON bodies. Zendesk ignores keys it does not know and reports bad values per field
 * (422 RecordInvalid), so input is read key by key rather than validated against a closed schema.
 */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object under `key`, or undefined. */
export function objectAt(body: unknown, key: string): JsonObject | undefined {
  if (!isObject(body)) return undefined;
  const value = body[key];
  return isObject(value) ? value : undefined;
}

/** A string (numbers are accepted as their decimal text, as Rails params would). */
export function stringAt(body: JsonObject, key: string): string | undefined {
  const value = body[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** An integer id given as a number or a numeric string; undefined when absent or not an integer. */
export function idAt(body: JsonObject, key: string): number | undefined {
  const value = body[key];
  const id = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
}

export function booleanAt(body: JsonObject, key: string): boolean | undefined {
  const value = body[key];
  return typeof value === 'boolean' ? value : undefined;
}

/** An array of strings; a comma-separated string is split, as Zendesk does for `tags`. */
export function stringListAt(body: JsonObject, key: string): string[] | undefined {
  const value = body[key];
  if (typeof value === 'string') return value.split(/[,\s]+/).filter(Boolean);
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === 'string');
}

/** Whether the key is present at all (null included): partial updates change only what was sent. */
export function has(body: JsonObject, key: string): boolean {
  return Object.hasOwn(body, key);
}

/** A positive integer query or body parameter, or undefined. */
export function positiveInt(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined || !/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value > 0 ? value : undefined;
}
