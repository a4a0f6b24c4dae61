import type { ErrorSchema } from '@rjsf/utils';

export interface FieldError {
  path: string;
  message: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `fields.baseUrl`, `/fields/baseUrl`, `steps[0].input.x` → its segments. */
export function pathSegments(path: string): string[] {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split(/[./]/)
    .filter(Boolean);
}

function resolves(segments: string[], schema: unknown): boolean {
  const first = segments[0];
  if (first === undefined || !isRecord(schema)) return false;
  if (isRecord(schema.properties) && first in schema.properties) return true;
  return schema.type === 'array' && /^\d+$/.test(first);
}

/**
 * The part of a server error's path that is inside this form. The server names paths from the
 * request body (`fields.baseUrl` for a connection's `fields`, `steps.0.input.to` for a step's
 * input); the form shows only that inner object, so leading segments outside its schema are dropped.
 * A path with nothing inside the form belongs to the form as a whole ([]).
 */
export function pathInForm(path: string, schema: unknown): string[] {
  const segments = pathSegments(path);
  for (let start = 0; start < segments.length; start++) {
    if (resolves(segments.slice(start), schema)) return segments.slice(start);
  }
  return [];
}

export function valueAt(data: unknown, segments: string[]): unknown {
  let node = data;
  for (const segment of segments) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isRecord(node)) node = node[segment];
    else return undefined;
  }
  return node;
}

/** rjsf's error schema (`{ baseUrl: { __errors: [...] } }`) for server errors at these paths. */
export function toExtraErrors(errors: { segments: string[]; message: string }[]): ErrorSchema {
  const root: ErrorSchema = {};
  for (const { segments, message } of errors) {
    let node: ErrorSchema = root;
    for (const segment of segments) {
      const child: ErrorSchema = node[segment] ?? {};
      node[segment] = child;
      node = child;
    }
    node.__errors = [...(node.__errors ?? []), message];
  }
  return root;
}
