import { InvalidInputError, Secret, summarizeProblems } from '@patchbay/core';
import { type Connector, type FieldValues, type Fields, type AnySingleAuth, fieldsOfOtherOptions, fieldsSchema, schemaProblems } from '@patchbay/sdk';

/** A connection's field values split by where they are kept: the row, or the encrypted blob. */
export interface SplitFields {
  public: Record<string, unknown>;
  secret: Record<string, string>;
}

/** Field values as auth resolvers and connector code expect them: secrets wrapped in `Secret`. */
export type ResolvedFields = FieldValues<Fields>;

export const NO_FIELDS: SplitFields = { public: {}, secret: {} };

/** Values the operator set for every connection of a connector (`PATCHBAY_<KEY>_<FIELD>`), split like stored ones. */
export type OperatorDefaults = (connector: Connector) => SplitFields;

const screamingSnake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();

/** The environment variable an operator sets for a field: `clientId` of `salesforce` → `PATCHBAY_SALESFORCE_CLIENT_ID`. */
export function operatorVariable(connectorKey: string, field: string): string {
  return `PATCHBAY_${screamingSnake(connectorKey)}_${screamingSnake(field)}`;
}

/**
 * Reads operator defaults from the environment, for fields that declare `operatorDefault`. They are
 * resolved on every use, not copied into connections, so an operator rotating a client secret
 * changes it for every connection that did not set its own.
 */
export function operatorDefaultsFrom(env: Readonly<Record<string, string | undefined>>): OperatorDefaults {
  const memo = new Map<string, SplitFields>();
  return (connector) => {
    const known = memo.get(connector.key);
    if (known) return known;
    const split: SplitFields = { public: {}, secret: {} };
    for (const [name, def] of Object.entries(connector.connection.fields)) {
      const value = def.operatorDefault ? env[operatorVariable(connector.key, name)]?.trim() : undefined;
      if (!value) continue;
      if (def.type === 'secret') split.secret[name] = value;
      else split.public[name] = value;
    }
    memo.set(connector.key, split);
    return split;
  };
}


/**
 * Validates field values against the connector's declaration and splits them. With `existing`
 * (PATCH), given values are merged over the stored ones; a secret not given keeps its stored value,
 * and `null` removes a stored value (a field with a default gets its default back). A required
 * field cannot be removed, unless an operator default stands in for it.
 */
export function validateFields(
  connector: Connector,
  input: Record<string, unknown>,
  operator: SplitFields,
  existing?: SplitFields,
): SplitFields {
  const fields = connector.connection.fields;
  // Only a PATCH removes: on create, null is a wrong value like any other and the schema says so.
  const { values, removed } = existing ? splitRemovals(input) : { values: input, removed: [] };
  // A field's own words for a value that does not match its pattern beat "must match pattern …".
  const errors = [
    ...schemaProblems(fieldsSchema(fields, { partial: existing !== undefined }), values, 'fields').map((problem) => {
      const def = fields[problem.path.replace(/^fields\./, '')];
      return def?.type === 'text' && def.patternMessage && problem.message.startsWith('must match pattern') ? { ...problem, message: def.patternMessage } : problem;
    }),
    ...removalProblems(connector, removed),
  ];
  if (errors.length > 0) {
    throw new InvalidInputError(`Invalid connection fields: ${summarizeProblems(errors)}.`, errors);
  }
  const split: SplitFields = { public: { ...(existing?.public ?? {}) }, secret: { ...(existing?.secret ?? {}) } };
  for (const name of removed) {
    delete split.public[name];
    delete split.secret[name];
  }
  for (const [name, def] of Object.entries(fields)) {
    const value = values[name];
    if (value === undefined) {
      // Also on PATCH: a field dropped while another auth option was chosen gets its default back
      // when the connection switches to an option that uses it.
      const stored = split.public[name] !== undefined || split.secret[name] !== undefined;
      if (!stored && 'default' in def && def.default !== undefined) split.public[name] = def.default;
      continue;
    }
    if (def.type === 'secret' && typeof value === 'string') split.secret[name] = value;
    else split.public[name] = value;
  }
  // Values for fields only other auth options use are ignored rather than refused (a form may send
  // what was typed before the option changed), and not kept: a secret for an option not in use is
  // a credential nobody can see or rotate, and switching options must not revive it.
  const auth = connector.connection.auth;
  for (const name of fieldsOfOtherOptions(auth, auth.kind === 'multi' ? split.public[auth.field] : undefined)) {
    delete split.public[name];
    delete split.secret[name];
  }
  const missing = requiredMissing(connector, split, operator);
  if (missing.length > 0) {
    const hint = (name: string) => (fields[name]?.operatorDefault ? ` (or the operator sets ${operatorVariable(connector.key, name)})` : '');
    // Required by the chosen way of signing in, so a `null` for it cannot be honoured.
    const removal = (name: string) => (removed.includes(name) ? ': it cannot be removed' : '');
    const details = missing.map((name) => ({ path: `fields.${name}`, message: `is required${hint(name)}${removal(name)}` }));
    throw new InvalidInputError(`Missing connection fields: ${missing.map((m) => `fields.${m}${hint(m)}`).join(', ')}.`, details);
  }
  return split;
}

/** The names a PATCH sets to `null` (to remove), apart from the values it sets. */
function splitRemovals(input: Record<string, unknown>): { values: Record<string, unknown>; removed: string[] } {
  const entries = Object.entries(input);
  // fromEntries, not assignment: a `__proto__` key stays a key (refused by the schema), never a prototype.
  const values = Object.fromEntries(entries.filter(([, value]) => value !== null));
  const removed = entries.filter(([, value]) => value === null).map(([name]) => name);
  return { values, removed };
}

/**
 * Removals that cannot be: a name the connector does not have, or a field it requires whatever the
 * auth option (an operator default may stand in for one that declares it; fields only some
 * options require are checked with the result, in `requiredMissing`).
 */
function removalProblems(connector: Connector, removed: readonly string[]): { path: string; message: string }[] {
  const fields: Fields = connector.connection.fields;
  return removed.flatMap((name) => {
    const def = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (!def) return [{ path: `fields.${name}`, message: 'is not an allowed property: remove it' }];
    if (def.required && !def.operatorDefault) return [{ path: `fields.${name}`, message: 'is required: it cannot be removed' }];
    return [];
  });
}

function requiredMissing(connector: Connector, split: SplitFields, operator: SplitFields): string[] {
  const fields: Fields = connector.connection.fields;
  const has = (name: string) => [split, operator].some((s) => s.public[name] !== undefined || s.secret[name] !== undefined);
  const required = Object.entries(fields).filter(([, f]) => f.required).map(([name]) => name);
  const auth = connector.connection.auth;
  if (auth.kind === 'multi') {
    const chosen = split.public[auth.field];
    const option = typeof chosen === 'string' ? auth.options[chosen] : undefined;
    required.push(...(option?.requires ?? []));
  }
  return [...new Set(required)].filter((name) => !has(name));
}

/** Stored values over the operator's defaults, secrets wrapped. */
export function resolveFields(split: SplitFields, operator: SplitFields): ResolvedFields {
  const resolved: ResolvedFields = {};
  for (const [name, value] of Object.entries({ ...operator.public, ...split.public })) {
    // Stored values were validated against the field schema, so only these types occur.
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') resolved[name] = value;
  }
  for (const [name, value] of Object.entries({ ...operator.secret, ...split.secret })) resolved[name] = new Secret(value);
  return resolved;
}

/** The auth kind in force for these fields (`multi` resolved by its selector field). */
export function resolveAuth(connector: Connector, fields: ResolvedFields): AnySingleAuth {
  const auth = connector.connection.auth;
  if (auth.kind !== 'multi') return auth;
  const chosen = fields[auth.field];
  const option = typeof chosen === 'string' ? auth.options[chosen] : undefined;
  if (!option) {
    throw new InvalidInputError(`Choose how to authenticate: fields.${auth.field} must be one of ${Object.keys(auth.options).join(', ')}.`, [
      { path: `fields.${auth.field}`, message: 'is required' },
    ]);
  }
  return option.auth;
}
