import { type ApiRecord, recordAttributes } from '../data/api-record.ts';
import type { FieldRef } from './ast.ts';
import type { StoredRecord } from '../data/record-store.ts';
import type { Org } from '../org.ts';
import { compileCondition, type FilterContext } from './filter.ts';
import { compileOrder } from './order.ts';
import { parseSoql } from './parser.ts';
import { type ResolvedField, resolveField, walk } from './resolve.ts';
import { SoqlError, soqlApiError } from './soql-error.ts';

export interface QueryOutcome {
  /** Every row the query selects (after OFFSET and LIMIT), or the count for `SELECT COUNT()`. */
  totalSize: number;
  records: ApiRecord[];
}

export interface QueryOptions {
  /** The API version of the request path, used in `attributes.url`. */
  version: string;
  /** `queryAll` also returns deleted records (§17). */
  includeDeleted: boolean;
}

/** Runs SOQL against an org; failures come back as Salesforce's 400 answers (§17, §18). */
export function executeSoql(org: Org, soql: string, options: QueryOptions): QueryOutcome {
  try {
    return run(org, soql, options);
  } catch (error) {
    if (error instanceof SoqlError) throw soqlApiError(soql, error);
    throw error;
  }
}

function run(org: Org, soql: string, options: QueryOptions): QueryOutcome {
  const query = parseSoql(soql);
  const from = org.schema.get(query.from.name);
  if (!from) {
    throw new SoqlError(
      'INVALID_TYPE',
      `sObject type '${query.from.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      query.from,
    );
  }
  const context: FilterContext = { schema: org.schema, records: org.records, from, nowMs: Date.now() };
  const selections = selectFields(context, query.fields);
  const predicate = query.where ? compileCondition(context, query.where) : () => true;
  const order = compileOrder(context, query.orderBy);

  let rows = org.records.list(from.name, options.includeDeleted).filter(predicate);
  if (order) rows = [...rows].sort(order);
  const offset = query.offset ?? 0;
  rows = rows.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
  if (query.count) return { totalSize: rows.length, records: [] };
  return { totalSize: rows.length, records: rows.map((row) => project(context, row, selections, options.version)) };
}

/** A field named twice is an error in SOQL, reported without the caret block (documented body). */
function selectFields(context: FilterContext, refs: readonly FieldRef[]): ResolvedField[] {
  const seen = new Set<string>();
  return refs.map((ref) => {
    const resolved = resolveField(context.schema, context.from, ref);
    const key = [...resolved.steps.map((step) => step.lookup.name), resolved.field.name].join('.').toLowerCase();
    if (seen.has(key)) throw new SoqlError('INVALID_FIELD', `duplicate field selected: ${ref.text}`);
    seen.add(key);
    return resolved;
  });
}

function isApiRecord(value: unknown): value is ApiRecord {
  return typeof value === 'object' && value !== null && 'attributes' in value;
}

/**
 * A row with the selected fields in SELECT order under their canonical names; parent fields nest
 * under the relationship name with their own `attributes`, or are `null` when the lookup is empty (§17).
 */
function project(context: FilterContext, record: StoredRecord, selections: readonly ResolvedField[], version: string): ApiRecord {
  const row: ApiRecord = { attributes: recordAttributes(context.from, record.Id, version) };
  for (const selection of selections) {
    let target: ApiRecord = row;
    let current: StoredRecord | null = record;
    for (const step of selection.steps) {
      const key = step.lookup.relationshipName ?? step.lookup.name;
      current = walk(context.records, current, [step]);
      if (!current) {
        target[key] ??= null;
        break;
      }
      const existing = target[key];
      const nested: ApiRecord = isApiRecord(existing) ? existing : { attributes: recordAttributes(step.target, current.Id, version) };
      target[key] = nested;
      target = nested;
    }
    if (current) target[selection.field.name] = current[selection.field.name] ?? null;
  }
  return row;
}
