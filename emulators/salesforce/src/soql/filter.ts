import type { RecordStore, StoredRecord } from '../data/record-store.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import type { SObjectType } from '../schema/sobject-type.ts';
import type { ComparisonOperator, Condition, FieldRef, Literal } from './ast.ts';
import { type Operand, type Scalar, checkLiteral, compareScalars, fieldScalar, toOperand } from './operands.ts';
import { type ResolvedField, resolveField, valueOf } from './resolve.ts';
import { SoqlError } from './soql-error.ts';

export type Predicate = (record: StoredRecord) => boolean;

export interface FilterContext {
  schema: SchemaRegistry;
  records: RecordStore;
  from: SObjectType;
  nowMs: number;
}

/**
 * Compiles a WHERE clause into a predicate. Every field and literal is checked first, so a bad
 * query fails the same way whether or not any record would reach the bad comparison.
 */
export function compileCondition(context: FilterContext, condition: Condition): Predicate {
  switch (condition.kind) {
    case 'and': {
      const parts = condition.operands.map((operand) => compileCondition(context, operand));
      return (record) => parts.every((part) => part(record));
    }
    case 'or': {
      const parts = condition.operands.map((operand) => compileCondition(context, operand));
      return (record) => parts.some((part) => part(record));
    }
    case 'not': {
      const inner = compileCondition(context, condition.operand);
      return (record) => !inner(record);
    }
    case 'compare': {
      const resolved = filterableField(context, condition.field);
      if (condition.operator === 'LIKE') return compileLike(context, resolved, condition.value);
      checkLiteral(resolved.field, condition.value, false);
      const operand = toOperand(resolved.field, condition.value, context.nowMs);
      return (record) => matches(scalarOf(context, record, resolved), condition.operator, operand);
    }
    case 'in': {
      const resolved = filterableField(context, condition.field);
      for (const value of condition.values) checkLiteral(resolved.field, value, false);
      const operands = condition.values.map((value) => toOperand(resolved.field, value, context.nowMs));
      return (record) => {
        const value = scalarOf(context, record, resolved);
        const found = operands.some((operand) => matches(value, '=', operand));
        return condition.negated ? !found : found;
      };
    }
  }
}

function filterableField(context: FilterContext, ref: FieldRef): ResolvedField {
  const resolved = resolveField(context.schema, context.from, ref);
  if (!resolved.field.filterable) {
    throw new SoqlError('INVALID_FIELD', `field '${resolved.field.name}' can not be filtered in a query call`, ref);
  }
  return resolved;
}

function scalarOf(context: FilterContext, record: StoredRecord, resolved: ResolvedField): Scalar | null {
  return fieldScalar(resolved.field, valueOf(context.records, record, resolved));
}

/** SOQL's `!=` keeps records whose value is null; ordering comparisons never match null. */
function matches(value: Scalar | null, operator: ComparisonOperator, operand: Operand): boolean {
  if (operand.kind === 'null') {
    if (operator === '=') return value === null;
    if (operator === '!=') return value !== null;
    return false;
  }
  if (value === null) return operator === '!=';
  if (operand.kind === 'range') {
    const { start, end } = operand;
    const inside = compareScalars(value, start) >= 0 && compareScalars(value, end) < 0;
    switch (operator) {
      case '=': return inside;
      case '!=': return !inside;
      case '<': return compareScalars(value, start) < 0;
      case '<=': return compareScalars(value, end) < 0;
      case '>': return compareScalars(value, end) >= 0;
      case '>=': return compareScalars(value, start) >= 0;
      default: return false;
    }
  }
  const order = compareScalars(value, operand.value);
  switch (operator) {
    case '=': return order === 0;
    case '!=': return order !== 0;
    case '<': return order < 0;
    case '<=': return order <= 0;
    case '>': return order > 0;
    case '>=': return order >= 0;
    default: return false;
  }
}

/** `%` is any run of characters and `_` one character; `\%` and `\_` are literal; case-insensitive. */
function compileLike(context: FilterContext, resolved: ResolvedField, literal: Literal): Predicate {
  if (literal.kind !== 'string') checkLiteral(resolved.field, literal, true);
  const pattern = literal.kind === 'string' ? literal.value : '';
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern.charAt(i);
    if (char === '\\' && (pattern.charAt(i + 1) === '%' || pattern.charAt(i + 1) === '_')) {
      source += pattern.charAt(i + 1);
      i += 1;
    } else if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const regex = new RegExp(`^${source}$`, 'is');
  return (record) => {
    const value = valueOf(context.records, record, resolved);
    return value !== null && regex.test(String(value));
  };
}
