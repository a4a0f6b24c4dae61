/** One problem with an input, named by where it is: `name`, `fields.username`, `params.id`. */
export interface Problem {
  path: string;
  message: string;
}

/** The shape both ajv (Fastify) and TypeBox give their validation errors. */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

const MAX_PROBLEMS = 20;

/**
 * Turns JSON-schema validation errors into one problem per field. A failed union is reported by
 * validators as the failure of every branch plus an `anyOf` summary; people want "must be one of
 * "a", "b"", so errors at one path are folded into one sentence. Messages never quote the rejected
 * value: it may be a secret.
 */
export function problemsFrom(errors: readonly SchemaError[], prefix = ''): Problem[] {
  const byPath = new Map<string, SchemaError[]>();
  for (const error of errors) {
    if (error.keyword === 'boolean' && error.message === 'schema is false') continue; // TypeBox repeats additionalProperties so
    for (const path of pathsOf(prefix, error)) byPath.set(path, [...(byPath.get(path) ?? []), error]);
  }
  return [...byPath].slice(0, MAX_PROBLEMS).map(([path, list]) => ({ path, message: messageFor(list) }));
}

/** "a must be …; b is required" — the first three problems, for an error's message. */
export function summarizeProblems(problems: readonly Problem[]): string {
  if (problems.length === 0) return 'The request is not valid.';
  const shown = problems.slice(0, 3).map((p) => `${p.path} ${p.message}`);
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more problems, see details)` : '';
  return `${shown.join('; ')}${more}`;
}

function pathsOf(prefix: string, error: SchemaError): string[] {
  const segments = error.instancePath.split('/').filter((s) => s !== '').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const join = (extra: string[]) => [prefix, ...segments, ...extra].filter((s) => s !== '').join('.') || '(body)';
  const { missingProperty, additionalProperty, additionalProperties, requiredProperties } = error.params;
  if (error.keyword === 'required') {
    const names = typeof missingProperty === 'string' ? [missingProperty] : Array.isArray(requiredProperties) ? requiredProperties.map(String) : [];
    return names.length > 0 ? names.map((n) => join([n])) : [join([])];
  }
  if (error.keyword === 'additionalProperties') {
    const names = typeof additionalProperty === 'string' ? [additionalProperty] : Array.isArray(additionalProperties) ? additionalProperties.map(String) : [];
    return names.length > 0 ? names.map((n) => join([n])) : [join([])];
  }
  return [join([])];
}

function messageFor(errors: readonly SchemaError[]): string {
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
