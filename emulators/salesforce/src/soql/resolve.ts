import type { FieldValue, RecordStore, StoredRecord } from '../data/record-store.ts';
import { noSuchColumnMessage } from '../errors.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import type { FieldDescribe } from '../schema/fields.ts';
import type { SObjectType } from '../schema/sobject-type.ts';
import type { FieldRef } from './ast.ts';
import { SoqlError } from './soql-error.ts';

/** One lookup walked by a relationship path: `Account` in `Account.Name` from Contact. */
export interface RelationshipStep {
  lookup: FieldDescribe;
  target: SObjectType;
}

/** A field path checked against the schema, with canonical names for the answer. */
export interface ResolvedField {
  steps: RelationshipStep[];
  field: FieldDescribe;
  /** The object that owns `field`. */
  owner: SObjectType;
}

/**
 * Resolves `Name`, `Account.Name`, `Account__r.Owner.Name` (and `Account.Name` written from
 * Account itself, which SOQL allows) case-insensitively. Unknown names fail with Salesforce's
 * INVALID_FIELD wording for columns and relationships (§17, §18).
 */
export function resolveField(schema: SchemaRegistry, from: SObjectType, ref: FieldRef): ResolvedField {
  let segments = ref.path;
  if (segments.length > 1 && segments[0]?.toLowerCase() === from.name.toLowerCase() && !from.relationship(segments[0])) {
    segments = segments.slice(1);
  }
  const steps: RelationshipStep[] = [];
  let current = from;
  for (const segment of segments.slice(0, -1)) {
    const lookup = current.relationship(segment);
    const target = lookup?.referenceTo[0] ? schema.get(lookup.referenceTo[0]) : undefined;
    if (!lookup || !target) {
      throw new SoqlError(
        'INVALID_FIELD',
        `Didn't understand relationship '${segment}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
        ref,
      );
    }
    steps.push({ lookup, target });
    current = target;
  }
  const last = segments[segments.length - 1] ?? '';
  const field = current.field(last);
  if (!field) throw new SoqlError('INVALID_FIELD', noSuchColumnMessage(last, current.name), ref);
  return { steps, field, owner: current };
}

/** The record a path's steps lead to (null when a lookup on the way is empty). */
export function walk(records: RecordStore, record: StoredRecord, steps: readonly RelationshipStep[]): StoredRecord | null {
  let current: StoredRecord | null = record;
  for (const step of steps) {
    const id: FieldValue | undefined = current?.[step.lookup.name];
    const parent: StoredRecord | undefined = typeof id === 'string' ? records.get(step.target.name, id) : undefined;
    current = parent && parent.IsDeleted !== true ? parent : null;
    if (!current) return null;
  }
  return current;
}

export function valueOf(records: RecordStore, record: StoredRecord, resolved: ResolvedField): FieldValue {
  return walk(records, record, resolved.steps)?.[resolved.field.name] ?? null;
}
