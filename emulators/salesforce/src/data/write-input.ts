import { formatDateTime, parseDateTime } from '../datetime.ts';
import { badRequest, dmlError, noSuchColumnOnSobject } from '../errors.ts';
import type { FieldDescribe } from '../schema/fields.ts';
import type { SObjectType } from '../schema/sobject-type.ts';
import { type ReferenceCheck, coerceFieldValue } from './coerce.ts';
import type { FieldValue } from './record-store.ts';

/** Audit fields the control endpoint may set, so tests can build `CreatedDate` ties (§19, §20). */
export const SETTABLE_AUDIT_FIELDS = ['CreatedDate', 'LastModifiedDate', 'SystemModstamp'] as const;
export type AuditOverrides = Partial<Record<(typeof SETTABLE_AUDIT_FIELDS)[number], string>>;

export interface WriteInput {
  /** Canonical field name → stored value, in body order. */
  values: Map<string, FieldValue>;
  audit: AuditOverrides;
}

/** A request body as JSON: the kit leaves bodies sent without a JSON Content-Type as text. */
export function jsonBody(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed;
  } catch {
    return raw;
  }
}

function isJsonObject(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

/**
 * Checks a create or update body in the order Salesforce reports problems: the body itself, unknown
 * fields (§13), fields this operation may not write, then each value. `allowAudit` is for the
 * control endpoint only.
 */
export function readWriteInput(
  type: SObjectType,
  rawBody: unknown,
  mode: 'create' | 'update',
  checkReference: ReferenceCheck,
  allowAudit = false,
): WriteInput {
  if (rawBody === undefined) throw badRequest('JSON_PARSER_ERROR', 'No content to map due to end-of-input');
  // Salesforce reads the body as JSON whatever the Content-Type says.
  const body = jsonBody(rawBody);
  // UNCERTAIN wording: Salesforce echoes its JSON parser's message here.
  if (!isJsonObject(body)) throw badRequest('JSON_PARSER_ERROR', 'The request body must be a JSON object of field names and values');

  const entries: [FieldDescribe, unknown][] = [];
  for (const [key, raw] of Object.entries(body)) {
    // jsforce and other clients echo `attributes` from a read; Salesforce ignores it on writes.
    if (key === 'attributes') continue;
    const field = type.field(key);
    if (!field) throw noSuchColumnOnSobject(key, type.name);
    entries.push([field, raw]);
  }

  const audit: AuditOverrides = {};
  const readOnly: string[] = [];
  const writable: [FieldDescribe, unknown][] = [];
  for (const [field, raw] of entries) {
    const auditName = SETTABLE_AUDIT_FIELDS.find((name) => name === field.name);
    if (allowAudit && auditName) {
      audit[auditName] = auditValue(field, raw);
      continue;
    }
    if (mode === 'create' ? field.createable : field.updateable) writable.push([field, raw]);
    else readOnly.push(field.name);
  }
  if (readOnly.length > 0) {
    throw dmlError(
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      readOnly,
    );
  }

  const values = new Map<string, FieldValue>();
  for (const [field, raw] of writable) values.set(field.name, coerceFieldValue(field, raw, checkReference));
  return { values, audit };
}

function auditValue(field: FieldDescribe, raw: unknown): string {
  const ms = typeof raw === 'string' ? parseDateTime(raw) : undefined;
  if (ms === undefined) throw badRequest('JSON_PARSER_ERROR', `${field.name} must be an ISO dateTime such as 2026-01-01T00:00:00Z`);
  return formatDateTime(ms);
}
