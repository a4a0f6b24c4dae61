import type { SObjectType } from '../schema/sobject-type.ts';
import type { FieldValue, StoredRecord } from './record-store.ts';

/** `attributes` heads every record the API returns (fact sheet §14, §17). */
export interface RecordAttributes {
  type: string;
  url: string;
}

export type ApiRecord = { attributes: RecordAttributes } & { [field: string]: FieldValue | RecordAttributes | ApiRecord | null };

export function recordAttributes(type: SObjectType, id: FieldValue | undefined, version: string): RecordAttributes {
  return { type: type.name, url: `/services/data/v${version}/sobjects/${type.name}/${String(id)}` };
}

/**
 * A record as `GET …/sobjects/{Object}/{id}` returns it: every field in describe order, or with
 * `?fields=` the named ones in that order followed by `Id`, as Salesforce's example shows (§14).
 */
export function toApiRecord(type: SObjectType, record: StoredRecord, version: string, fieldNames?: readonly string[]): ApiRecord {
  const result: ApiRecord = { attributes: recordAttributes(type, record.Id, version) };
  const names = fieldNames ? [...fieldNames, ...(fieldNames.includes('Id') ? [] : ['Id'])] : type.fields.map((field) => field.name);
  for (const name of names) result[name] = record[name] ?? null;
  return result;
}
