import type { AnySingleAuth, ConnectionSource, Connector, Fields } from '@patchbay/sdk';
import type { KeyRing } from '../crypto/keyring.ts';
import { type ResolvedFields, type SplitFields, resolveAuth, resolveFields } from './fields.ts';
import { type ConnectionRow, type StoredSecrets, readSecrets } from './record.ts';

/** A connection row with its secrets decrypted and its auth resolved: what a request needs. */
export interface ConnectionState {
  row: ConnectionRow;
  connector: Connector;
  secrets: StoredSecrets;
  /** The stored field values (what a PATCH merges into). */
  split: SplitFields;
  /** The operator's defaults for this connector, under the stored values in `fields`. */
  operator: SplitFields;
  fields: ResolvedFields;
  auth: AnySingleAuth;
}

export function parsePublicFields(row: ConnectionRow): Record<string, unknown> {
  const parsed: unknown = JSON.parse(row.fields);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? { ...parsed } : {};
}

export function connectionState(keys: KeyRing, connector: Connector, row: ConnectionRow, operator: SplitFields): ConnectionState {
  return stateWithSecrets(connector, row, operator, readSecrets(keys, row));
}

/** The state of a row whose secrets are already decrypted (and checked): cache.ts keeps them. */
export function stateWithSecrets(connector: Connector, row: ConnectionRow, operator: SplitFields, secrets: StoredSecrets): ConnectionState {
  const split: SplitFields = { public: parsePublicFields(row), secret: secrets.fields };
  const fields = resolveFields(split, operator);
  return { row, connector, secrets, split, operator, fields, auth: resolveAuth(connector, fields) };
}

/** Non-secret inputs of `baseUrl`/`extraHosts` and of the connector context. */
export function publicSource(state: ConnectionState): ConnectionSource<Fields> {
  const fields: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries({ ...state.operator.public, ...state.split.public })) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields[name] = value;
  }
  return { fields, tokenFields: state.secrets.oauth?.extra ?? {}, discovered: state.secrets.discovered ?? {} };
}

/** The state with what `discover` learnt: what `test`, `identity` and `instance` then see. */
export function stateWithDiscovered(state: ConnectionState, discovered: Record<string, string>): ConnectionState {
  return { ...state, secrets: { ...state.secrets, discovered } };
}

/** The state a connection would have with other field values (a PATCH being checked before saving). */
export function stateWithFields(state: ConnectionState, split: SplitFields): ConnectionState {
  const fields = resolveFields(split, state.operator);
  return { ...state, split, fields, secrets: { ...state.secrets, fields: split.secret }, auth: resolveAuth(state.connector, fields) };
}
