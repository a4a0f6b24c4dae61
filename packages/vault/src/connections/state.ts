import type { Connector, Fields, SingleAuth } from '@patchbay/sdk';
import type { KeyRing } from '../crypto/keyring.ts';
import { type ResolvedFields, type SplitFields, resolveAuth, resolveFields } from './fields.ts';
import { type ConnectionRow, type StoredSecrets, readSecrets } from './record.ts';

/** A connection row with its secrets decrypted and its auth resolved: what a request needs. */
export interface ConnectionState {
  row: ConnectionRow;
  connector: Connector;
  secrets: StoredSecrets;
  split: SplitFields;
  fields: ResolvedFields;
  auth: SingleAuth<Fields>;
}

export function parsePublicFields(row: ConnectionRow): Record<string, unknown> {
  const parsed: unknown = JSON.parse(row.fields);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? { ...parsed } : {};
}

export function connectionState(keys: KeyRing, connector: Connector, row: ConnectionRow): ConnectionState {
  const secrets = readSecrets(keys, row);
  const split: SplitFields = { public: parsePublicFields(row), secret: secrets.fields };
  const fields = resolveFields(split);
  return { row, connector, secrets, split, fields, auth: resolveAuth(connector, fields) };
}

/** Non-secret inputs of `baseUrl`/`extraHosts` and of the connector context. */
export function publicSource(state: ConnectionState): { fields: Record<string, string | number | boolean>; tokenFields: Record<string, string> } {
  const fields: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(state.split.public)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields[name] = value;
  }
  return { fields, tokenFields: state.secrets.oauth?.extra ?? {} };
}

/** The state a connection would have with other field values (a PATCH being checked before saving). */
export function stateWithFields(state: ConnectionState, split: SplitFields): ConnectionState {
  const fields = resolveFields(split);
  return { ...state, split, fields, secrets: { ...state.secrets, fields: split.secret }, auth: resolveAuth(state.connector, fields) };
}
