import type { FastifySchemaValidationError } from 'fastify';

/** One problem with the request, named by where it is: `body/name`, `params/id`, `querystring/state`. */
export interface Problem {
  path: string;
  message: string;
}

const MAX_PROBLEMS = 20;

/**
 * Turns ajv's errors into one problem per field. ajv reports a failed union as the failure of every
 * branch plus an `anyOf` summary; people want "must be string or null", so branches at the same path
 * are folded into one sentence. Messages never quote the rejected value (it may be a secret).
 */
export function problemsFromValidation(context: string, errors: readonly FastifySchemaValidationError[]): Problem[] {
  const byPath = new Map<string, FastifySchemaValidationError[]>();
  for (const error of errors) {
    const path = pathOf(context, error);
    const list = byPath.get(path) ?? [];
    list.push(error);
    byPath.set(path, list);
  }
  const problems: Problem[] = [];
  for (const [path, list] of byPath) {
    if (problems.length >= MAX_PROBLEMS) break;
    problems.push({ path, message: messageFor(list) });
  }
  return problems;
}

export function summarize(problems: readonly Problem[]): string {
  if (problems.length === 0) return 'The request is not valid.';
  const shown = problems.slice(0, 3).map((p) => `${p.path} ${p.message}`);
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more problems, see details)` : '';
  return `${shown.join('; ')}${more}`;
}

function pathOf(context: string, error: FastifySchemaValidationError): string {
  const segments = error.instancePath.split('/').filter((s) => s !== '').map(unescapePointer);
  const property = error.params.missingProperty ?? error.params.additionalProperty;
  if ((error.keyword === 'required' || error.keyword === 'additionalProperties') && typeof property === 'string') {
    segments.push(property);
  }
  return [context, ...segments].join('/');
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function messageFor(errors: readonly FastifySchemaValidationError[]): string {
  const first = errors[0];
  if (!first) return 'is not valid';
  if (first.keyword === 'required') return 'is required';
  if (first.keyword === 'additionalProperties') return 'is not an allowed property: remove it';
  const types = errors.filter((e) => e.keyword === 'type').map((e) => String(e.params.type));
  const consts = errors.filter((e) => e.keyword === 'const').map((e) => JSON.stringify(e.params.allowedValue));
  const union = errors.some((e) => e.keyword === 'anyOf');
  if (union && consts.length > 0 && types.length === 0) return `must be one of ${consts.join(', ')}`;
  if (union && types.length > 0 && types.length + consts.length === errors.length - 1) {
    return `must be ${[...new Set([...types, ...consts])].join(' or ')}`;
  }
  const specific = errors.find((e) => e.keyword !== 'anyOf' && e.keyword !== 'type') ?? first;
  return specific.message ?? 'is not valid';
}
