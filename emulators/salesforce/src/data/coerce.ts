import { formatDateTime, parseDate, parseDateTime } from '../datetime.ts';
import { badRequest, dmlError } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import { type FieldDescribe, isNumberType, isTextType } from '../schema/fields.ts';
import type { FieldValue } from './record-store.ts';

/** The canonical id of an existing record a lookup may point at, or why it may not. */
export type ReferenceCheck = (field: FieldDescribe, id: string) => { ok: true; id: string } | { ok: false; reason: 'malformed' | 'missing' };

// A plain-looking address check: Salesforce rejects what has no `@` or no dot in the domain.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A JSON value from a write body turned into what is stored, or the error Salesforce answers.
 * Messages follow recorded bodies where there are some (§13, §18); the JSON_PARSER_ERROR wording
 * for wrongly typed values is UNCERTAIN (Salesforce's text names its Jackson deserializer).
 */
export function coerceFieldValue(field: FieldDescribe, raw: unknown, checkReference: ReferenceCheck): FieldValue {
  if (raw === null || raw === undefined) return field.type === 'boolean' ? false : null;
  if (typeof raw === 'object') throw wrongType(field, JSON.stringify(raw));
  if (isTextType(field.type)) return coerceText(field, String(raw));
  if (isNumberType(field.type)) return coerceNumber(field, raw);
  switch (field.type) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw wrongType(field, String(raw));
    case 'date': {
      const date = typeof raw === 'string' ? parseDate(raw) : undefined;
      if (date === undefined) throw wrongType(field, String(raw));
      return date;
    }
    case 'datetime': {
      const ms = typeof raw === 'string' ? parseDateTime(raw) : undefined;
      if (ms === undefined) throw wrongType(field, String(raw));
      return formatDateTime(ms);
    }
    case 'id':
    case 'reference':
      return coerceReference(field, String(raw), checkReference);
    default:
      throw wrongType(field, String(raw));
  }
}

function coerceText(field: FieldDescribe, text: string): FieldValue {
  // Salesforce keeps no empty strings: '' is stored (and read back) as null.
  if (text === '') return null;
  if (text.length > field.length) {
    throw dmlError('STRING_TOO_LONG', `${field.label}: data value too large: ${text} (max length=${field.length})`, [field.name]);
  }
  if (field.type === 'email' && !EMAIL.test(text)) {
    throw dmlError('INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${text}`, [field.name]);
  }
  if (field.type === 'picklist' && field.restrictedPicklist && !field.picklistValues.some((entry) => entry.value === text)) {
    throw dmlError('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${field.label}: bad value for restricted picklist field: ${text}`, [field.name]);
  }
  return text;
}

function coerceNumber(field: FieldDescribe, raw: unknown): number {
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value)) throw wrongType(field, String(raw));
  const scale = field.type === 'int' ? 0 : field.scale;
  const rounded = Number(value.toFixed(scale));
  const integerDigits = Math.trunc(Math.abs(rounded)).toString().length;
  const allowedDigits = field.type === 'int' ? field.digits : field.precision - scale;
  if (integerDigits > allowedDigits) {
    throw dmlError('NUMBER_OUTSIDE_VALID_RANGE', `${field.label}: value outside of valid range on numeric field: ${String(raw)}`, [field.name]);
  }
  return rounded;
}

function coerceReference(field: FieldDescribe, text: string, checkReference: ReferenceCheck): FieldValue {
  if (text === '') return null;
  if (!normalizeId(text)) throw dmlError('MALFORMED_ID', `${field.label}: id value of incorrect type: ${text}`, [field.name]);
  const checked = checkReference(field, text);
  if (checked.ok) return checked.id;
  if (checked.reason === 'malformed') throw dmlError('MALFORMED_ID', `${field.label}: id value of incorrect type: ${text}`, [field.name]);
  throw dmlError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
}

function wrongType(field: FieldDescribe, text: string) {
  const javaType = field.type === 'date' || field.type === 'datetime' || field.type === 'boolean' || field.type === 'int'
    ? field.type
    : isNumberType(field.type) ? 'double' : 'String';
  return badRequest('JSON_PARSER_ERROR', `Cannot deserialize instance of ${javaType} from VALUE_STRING value ${text} or request may be missing a required field`);
}
