import type { OutputUnit, Schema } from '@cfworker/json-schema';
import type { RJSFValidationError } from '@rjsf/utils';

/**
 * @cfworker/json-schema reports every level of a failure ("Property "x" does not match schema",
 * then the real reason under it) in its own words. A form wants one message per field, in plain
 * words, at the field's path: these keywords only say "something below failed" and are dropped.
 */
const WRAPPER_KEYWORDS = new Set(['properties', 'patternProperties', 'items', 'prefixItems', '$ref', '$dynamicRef', 'allOf', 'if', 'then', 'else', 'dependentSchemas', 'unevaluatedProperties', 'unevaluatedItems', 'contains', 'false']);
/** Alternatives: one "does not match any" at the field is enough, not one line per alternative. */
const ALTERNATIVES = /\/(anyOf|oneOf)\/\d+(\/|$)/;

/** `#/fields/0/name` → `.fields.0.name`, the property notation rjsf keys its error schema by. */
export function propertyOf(instanceLocation: string): string {
  const pointer = instanceLocation.replace(/^#/, '');
  if (!pointer) return '';
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => `.${decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~')}`)
    .join('');
}

/** The schema at a keyword's location (`#/properties/baseUrl/pattern` → the baseUrl schema), for limits and formats. */
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function schemaAt(root: Schema | boolean, keywordLocation: string): Record<string, unknown> | undefined {
  let node: unknown = root;
  const segments = keywordLocation.replace(/^#\/?/, '').split('/').filter(Boolean).slice(0, -1);
  for (const segment of segments) {
    if (!isRecord(node)) return undefined;
    node = node[decodeURIComponent(segment)];
  }
  return isRecord(node) && !Array.isArray(node) ? node : undefined;
}

const FORMATS: Record<string, string> = { email: 'an email address', uri: 'a URL', url: 'a URL', 'date-time': 'a date and time', date: 'a date', time: 'a time', uuid: 'a UUID', hostname: 'a host name', ipv4: 'an IPv4 address' };
const TYPES: Record<string, string> = { string: 'text', number: 'a number', integer: 'a whole number', boolean: 'yes or no', object: 'an object', array: 'a list', null: 'empty' };

function plural(n: unknown, word: string): string {
  return `${String(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** The message a person reads at the field, from the keyword that failed and the schema's own limits. */
function wordsFor(unit: OutputUnit, schema: Record<string, unknown> | undefined): string {
  const s = schema ?? {};
  switch (unit.keyword) {
    case 'required':
      return 'Required.';
    case 'minLength':
      return s.minLength === 1 ? 'Required: must not be empty.' : `Must be at least ${plural(s.minLength, 'character')}.`;
    case 'maxLength':
      return `Must be at most ${plural(s.maxLength, 'character')}.`;
    case 'pattern':
      return typeof s.pattern === 'string' && s.pattern.startsWith('^https?://') ? 'Must be a URL starting with http:// or https://.' : 'Is not in the expected form.';
    case 'format':
      return `Must be ${FORMATS[String(s.format)] ?? `a valid ${String(s.format)}`}.`;
    case 'type': {
      const types = Array.isArray(s.type) ? s.type : [s.type];
      return `Must be ${types.map((t) => TYPES[String(t)] ?? String(t)).join(' or ')}.`;
    }
    case 'enum':
    case 'const':
    case 'anyOf':
    case 'oneOf':
      return 'Choose one of the options.';
    case 'minimum':
    case 'exclusiveMinimum':
      return `Must be at least ${String(s.minimum ?? s.exclusiveMinimum)}.`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `Must be at most ${String(s.maximum ?? s.exclusiveMaximum)}.`;
    case 'minItems':
      return `Needs at least ${plural(s.minItems, 'item')}.`;
    case 'maxItems':
      return `Takes at most ${plural(s.maxItems, 'item')}.`;
    case 'additionalProperties':
      return unit.error.replace(/ does not match additional properties schema\.$/, ' is not expected here.');
    default:
      return unit.error;
  }
}

/** cfworker's output units → rjsf's errors: one per failing field, at that field, in words. */
export function toRjsfErrors(units: OutputUnit[], root: Schema | boolean): RJSFValidationError[] {
  const errors: RJSFValidationError[] = [];
  const seen = new Set<string>();
  for (const unit of units) {
    if (WRAPPER_KEYWORDS.has(unit.keyword) || ALTERNATIVES.test(unit.keywordLocation)) continue;
    let property = propertyOf(unit.instanceLocation);
    if (unit.keyword === 'required') {
      // Reported at the object: the missing property is named in the message.
      const missing = /"([^"]+)"/.exec(unit.error)?.[1];
      if (missing) property = `${property}.${missing}`;
    }
    const message = wordsFor(unit, schemaAt(root, unit.keywordLocation));
    const key = `${property}\0${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push({ name: unit.keyword, property, message, stack: `${property || 'The form'}: ${message}`, schemaPath: unit.keywordLocation });
  }
  return errors;
}
