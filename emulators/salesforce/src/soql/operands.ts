import type { FieldValue } from '../data/record-store.ts';
import { DAY_MS, formatDate, parseDateTime } from '../datetime.ts';
import { normalizeId } from '../ids.ts';
import { type FieldDescribe, isIdType, isNumberType } from '../schema/fields.ts';
import type { Literal } from './ast.ts';
import { SoqlError } from './soql-error.ts';

/**
 * Values as SOQL compares them: text case-insensitively, ids by their canonical 18-character
 * form, dateTimes as instants, dates as `yyyy-MM-dd` strings (which sort like the days they name).
 */
export type Scalar = string | number | boolean;

export type Operand =
  | { kind: 'null' }
  | { kind: 'value'; value: Scalar }
  /** A relative date literal: the half-open day range [start, end). */
  | { kind: 'range'; start: Scalar; end: Scalar };

export function fieldScalar(field: FieldDescribe, value: FieldValue): Scalar | null {
  if (value === null) return null;
  if (field.type === 'datetime') return typeof value === 'string' ? (parseDateTime(value) ?? null) : null;
  if (typeof value === 'string' && !isIdType(field.type) && field.type !== 'date') return value.toLowerCase();
  return value;
}

function literalKindsFor(field: FieldDescribe): { kinds: Literal['kind'][]; typeName: string } {
  if (field.type === 'datetime') return { kinds: ['datetime', 'relative'], typeName: 'dateTime' };
  if (field.type === 'date') return { kinds: ['date', 'relative'], typeName: 'date' };
  if (field.type === 'boolean') return { kinds: ['boolean'], typeName: 'boolean' };
  if (isNumberType(field.type)) return { kinds: ['number'], typeName: field.type === 'int' ? 'integer' : 'double' };
  return { kinds: ['string'], typeName: 'string' };
}

/**
 * Checks a literal against the field it filters, with Salesforce's wording: a dateTime literal
 * only filters dateTime fields and a date literal only date fields (§19).
 */
export function checkLiteral(field: FieldDescribe, literal: Literal, forLike: boolean): void {
  if (literal.kind === 'null') return;
  const { kinds, typeName } = literalKindsFor(field);
  if (!kinds.includes(literal.kind)) {
    const quoting = typeName === 'string' ? 'should be enclosed in quotes' : 'should not be enclosed in quotes';
    throw new SoqlError('INVALID_FIELD', `value of filter criterion for field '${field.name}' must be of type ${typeName} and ${quoting}`, literal);
  }
  if (isIdType(field.type) && literal.kind === 'string' && !forLike && literal.value !== '' && !normalizeId(literal.value)) {
    throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${literal.value}`, literal);
  }
}

export function toOperand(field: FieldDescribe, literal: Literal, nowMs: number): Operand {
  switch (literal.kind) {
    case 'null':
      return { kind: 'null' };
    case 'string':
      if (isIdType(field.type)) return { kind: 'value', value: normalizeId(literal.value) ?? literal.value };
      return { kind: 'value', value: literal.value.toLowerCase() };
    case 'relative':
      return relativeRange(field, literal.name, literal.days, nowMs);
    default:
      return { kind: 'value', value: literal.value };
  }
}

/**
 * Day ranges in the user's time zone (the demo user's is GMT). LAST_N_DAYS:n runs from n days
 * before today through the end of today, NEXT_N_DAYS:n from tomorrow for n days. UNCERTAIN: whether
 * LAST_N_DAYS:n spans n or n + 1 calendar days; Salesforce says "the current day is included".
 */
function relativeRange(field: FieldDescribe, name: string, days: number, nowMs: number): Operand {
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const [startDay, endDay] =
    name === 'YESTERDAY' ? [-1, 0]
    : name === 'TOMORROW' ? [1, 2]
    : name === 'LAST_N_DAYS' ? [-days, 1]
    : name === 'NEXT_N_DAYS' ? [1, 1 + days]
    : [0, 1];
  const start = today + startDay * DAY_MS;
  const end = today + endDay * DAY_MS;
  return field.type === 'date' ? { kind: 'range', start: formatDate(start), end: formatDate(end) } : { kind: 'range', start, end };
}

export function compareScalars(a: Scalar, b: Scalar): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

