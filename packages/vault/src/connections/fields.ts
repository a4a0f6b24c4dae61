import { InvalidInputError, Secret, summarizeProblems } from '@patchbay/core';
import { type Connector, type FieldValues, type Fields, type SingleAuth, fieldsSchema, schemaProblems } from '@patchbay/sdk';

/** A connection's field values split by where they are kept: the row, or the encrypted blob. */
export interface SplitFields {
  public: Record<string, unknown>;
  secret: Record<string, string>;
}

/** Field values as auth resolvers and connector code expect them: secrets wrapped in `Secret`. */
export type ResolvedFields = FieldValues<Fields>;


/**
 * Validates field values against the connector's declaration and splits them. With `existing`
 * (PATCH), given values are merged over the stored ones; a secret not given keeps its stored value.
 */
export function validateFields(
  connector: Connector,
  input: Record<string, unknown>,
  existing?: SplitFields,
): SplitFields {
  const fields = connector.connection.fields;
  const errors = schemaProblems(fieldsSchema(fields, { partial: existing !== undefined }), input, 'fields');
  if (errors.length > 0) {
    throw new InvalidInputError(`Invalid connection fields: ${summarizeProblems(errors)}.`, errors);
  }
  const split: SplitFields = { public: { ...(existing?.public ?? {}) }, secret: { ...(existing?.secret ?? {}) } };
  for (const [name, def] of Object.entries(fields)) {
    const value = input[name];
    if (value === undefined) {
      if (!existing && 'default' in def && def.default !== undefined) split.public[name] = def.default;
      continue;
    }
    if (def.type === 'secret' && typeof value === 'string') split.secret[name] = value;
    else split.public[name] = value;
  }
  const missing = requiredMissing(connector, split);
  if (missing.length > 0) {
    const details = missing.map((name) => ({ path: `fields.${name}`, message: 'is required' }));
    throw new InvalidInputError(`Missing connection fields: ${missing.map((m) => `fields.${m}`).join(', ')}.`, details);
  }
  return split;
}

function requiredMissing(connector: Connector, split: SplitFields): string[] {
  const fields: Fields = connector.connection.fields;
  const has = (name: string) => split.public[name] !== undefined || split.secret[name] !== undefined;
  const required = Object.entries(fields).filter(([, f]) => f.required).map(([name]) => name);
  const auth = connector.connection.auth;
  if (auth.kind === 'multi') {
    const chosen = split.public[auth.field];
    const option = typeof chosen === 'string' ? auth.options[chosen] : undefined;
    required.push(...(option?.requires ?? []));
  }
  return [...new Set(required)].filter((name) => !has(name));
}

export function resolveFields(split: SplitFields): ResolvedFields {
  const resolved: ResolvedFields = {};
  for (const [name, value] of Object.entries(split.public)) {
    // Stored values were validated against the field schema, so only these types occur.
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') resolved[name] = value;
  }
  for (const [name, value] of Object.entries(split.secret)) resolved[name] = new Secret(value);
  return resolved;
}

/** The auth kind in force for these fields (`multi` resolved by its selector field). */
export function resolveAuth(connector: Connector, fields: ResolvedFields): SingleAuth<Fields> {
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
