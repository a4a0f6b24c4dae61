import { formatDateTime, nowSeconds } from '../datetime.ts';
import { SalesforceApiError, dmlError } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import type { Org } from '../org.ts';
import type { FieldDescribe } from '../schema/fields.ts';
import type { SObjectType } from '../schema/sobject-type.ts';
import type { ReferenceCheck } from './coerce.ts';
import type { FieldValue, StoredRecord } from './record-store.ts';
import { type AuditOverrides, readWriteInput } from './write-input.ts';

/**
 * Creates, updates and deletes records the way the REST API does (fact sheet §13–§16): defaults,
 * auto-numbers, compound names, required and unique checks, and the audit fields with seconds
 * precision (§19: records written within one second share their timestamps).
 */
export interface WriteOptions {
  /** The control endpoint may set CreatedDate, LastModifiedDate and SystemModstamp. */
  allowAuditFields?: boolean;
}

/** A live (not deleted) record by a 15- or 18-character id. */
export function findLive(org: Org, type: SObjectType, idInput: string): StoredRecord | undefined {
  const id = normalizeId(idInput);
  const record = id ? org.records.get(type.name, id) : undefined;
  return record && record.IsDeleted !== true ? record : undefined;
}

export function referenceCheck(org: Org): ReferenceCheck {
  return (field, idInput) => {
    const id = normalizeId(idInput);
    const target = id ? org.schema.byKeyPrefix(id.slice(0, 3)) : undefined;
    if (!id || !target || !field.referenceTo.includes(target.name)) return { ok: false, reason: 'malformed' };
    return findLive(org, target, id) ? { ok: true, id } : { ok: false, reason: 'missing' };
  };
}

export function insertRecord(org: Org, type: SObjectType, body: unknown, options: WriteOptions = {}): StoredRecord {
  if (!type.definition.createable) throw insufficientAccess();
  const input = readWriteInput(type, body, 'create', referenceCheck(org), options.allowAuditFields);
  const id = org.ids.next(type.keyPrefix);
  const record: StoredRecord = {};
  for (const field of type.fields) record[field.name] = initialValue(field);
  record.Id = id;
  for (const [name, value] of input.values) record[name] = value;
  if (type.field('OwnerId') && record.OwnerId === null) record.OwnerId = org.userId;
  applyComputedFields(org, type, record, true);
  checkRequired(record, type.fields.filter((field) => field.createable));
  checkUnique(org, type, record, [...input.values.keys()]);
  stampCreated(record, org.userId, input.audit);
  org.records.insert(type.name, record);
  return record;
}

export function updateRecord(org: Org, type: SObjectType, record: StoredRecord, body: unknown, options: WriteOptions = {}): void {
  if (!type.definition.updateable) throw insufficientAccess();
  if (record.IsDeleted === true) throw entityIsDeleted();
  const input = readWriteInput(type, body, 'update', referenceCheck(org), options.allowAuditFields);
  const next: StoredRecord = { ...record };
  for (const [name, value] of input.values) next[name] = value;
  applyComputedFields(org, type, next, false);
  const touched = type.fields.filter((field) => input.values.has(field.name));
  checkRequired(next, touched);
  checkUnique(org, type, next, [...input.values.keys()]);
  Object.assign(record, next);
  stampModified(record, org.userId, input.audit);
}

export function deleteRecord(org: Org, type: SObjectType, record: StoredRecord): void {
  if (!type.definition.deletable) throw insufficientAccess();
  if (record.IsDeleted === true) throw entityIsDeleted();
  record.IsDeleted = true;
  stampModified(record, org.userId, {});
}

function initialValue(field: FieldDescribe): FieldValue {
  if (field.type === 'boolean') return field.defaultValue === true;
  const picklistDefault = field.picklistValues.find((entry) => entry.defaultValue);
  return picklistDefault ? picklistDefault.value : null;
}

function applyComputedFields(org: Org, type: SObjectType, record: StoredRecord, creating: boolean): void {
  const { compoundName, autoNumbers } = type.definition;
  if (compoundName) {
    const parts = compoundName.map((name) => record[name]).filter((part) => typeof part === 'string' && part !== '');
    record.Name = parts.length > 0 ? parts.join(' ') : null;
  }
  if (!creating) return;
  for (const [name, format] of Object.entries(autoNumbers ?? {})) {
    record[name] = String(org.records.nextAutoNumber(type.name, name, format.start)).padStart(format.digits, '0');
  }
  // A custom object's text Name left out takes the record id (what Salesforce shows for it).
  if (type.definition.custom && type.field('Name') && record.Name === null) record.Name = record.Id ?? null;
}

function checkRequired(record: StoredRecord, candidates: readonly FieldDescribe[]): void {
  const missing = candidates
    .filter((field) => !field.nillable && !field.defaultedOnCreate && field.type !== 'boolean')
    .filter((field) => record[field.name] === null || record[field.name] === undefined)
    .map((field) => field.name);
  if (missing.length > 0) throw dmlError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
}

/** Unique fields compare case-insensitively unless describe says `caseSensitive` (§18 DUPLICATE_VALUE). */
function checkUnique(org: Org, type: SObjectType, record: StoredRecord, written: readonly string[]): void {
  for (const name of written) {
    const field = type.field(name);
    const value = record[name];
    if (!field?.unique || value === null || value === undefined) continue;
    const same = (other: FieldValue) =>
      typeof other === 'string' && typeof value === 'string' && !field.caseSensitive ? other.toLowerCase() === value.toLowerCase() : other === value;
    const clash = org.records.list(type.name).find((other) => other.Id !== record.Id && same(other[name] ?? null));
    if (clash) throw dmlError('DUPLICATE_VALUE', `duplicate value found: ${field.name} duplicates value on record with id: ${String(clash.Id)}`);
  }
}

function stampCreated(record: StoredRecord, userId: string, audit: AuditOverrides): void {
  const created = audit.CreatedDate ?? formatDateTime(nowSeconds());
  const modified = audit.LastModifiedDate ?? created;
  Object.assign(record, {
    CreatedDate: created,
    CreatedById: userId,
    LastModifiedDate: modified,
    LastModifiedById: userId,
    SystemModstamp: audit.SystemModstamp ?? modified,
  });
}

/**
 * A user change moves both stamps. A control update that sets only SystemModstamp stands for a
 * system process touching the record, which moves SystemModstamp alone (§20).
 */
function stampModified(record: StoredRecord, userId: string, audit: AuditOverrides): void {
  const now = formatDateTime(nowSeconds());
  if (audit.SystemModstamp && !audit.LastModifiedDate) {
    record.SystemModstamp = audit.SystemModstamp;
    return;
  }
  const modified = audit.LastModifiedDate ?? now;
  Object.assign(record, { LastModifiedDate: modified, LastModifiedById: userId, SystemModstamp: audit.SystemModstamp ?? modified });
}

/** UNCERTAIN: the errorCode for writing a second time to a deleted record (recycle bin). */
function entityIsDeleted(): SalesforceApiError {
  return new SalesforceApiError(404, [{ message: 'entity is deleted', errorCode: 'ENTITY_IS_DELETED', fields: [] }]);
}

/** The emulator's User object is read-only; Salesforce answers writes it refuses like this. */
function insufficientAccess(): SalesforceApiError {
  return dmlError('INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id');
}
