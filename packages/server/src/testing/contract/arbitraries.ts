import fc from 'fast-check';
import type { Schema } from './document.ts';

/*
 * JSON Schema (the subset the document uses) → a fast-check arbitrary of values it accepts.
 *
 * Supported keywords:
 *   type (one or a list): object, array, string, integer, number, boolean, null
 *   object: properties, required, additionalProperties (false, true/absent, or a schema),
 *           patternProperties (keys from fc.stringMatching), propertyNames (a string schema)
 *   array: items (one schema), minItems, maxItems, uniqueItems
 *   string: minLength, maxLength, pattern (fc.stringMatching), format (date-time, date, uri, email, uuid)
 *   number/integer: minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf (integers)
 *   enum, const, anyOf, oneOf, allOf (merged), $ref to the components (recursion bounded by depth)
 *   `{}` / `true`: any JSON value, kept small
 *   annotations (ignored): description, title, default, examples, example, deprecated, readOnly,
 *   writeOnly, $comment, $schema, discriminator, x-*
 * Any other keyword throws, naming it, its place and the operation: a schema the generator does not
 * understand must not silently produce values that are not what the document says.
 *
 * Strings include their boundary lengths and, now and then, names every object inherits (`constructor`).
 * Sizes are kept small (strings of up to ~16 characters plus the exact boundary lengths, arrays of up
 * to 3 items, at most 3 extra properties); past SOFT_DEPTH levels optional properties and array items
 * are left out, which is how a cyclic schema (a step holding steps) ends.
 *
 * Strings never hold NUL (U+0000): the server refuses it everywhere (http/nul-guard.ts, PostgreSQL
 * text cannot hold it), a rule the document does not state.
 */

const ANNOTATIONS = new Set(['description', 'title', 'default', 'examples', 'example', 'deprecated', 'readOnly', 'writeOnly', '$comment', '$schema', 'discriminator']);
const SUPPORTED = new Set([
  ...ANNOTATIONS,
  'type', 'enum', 'const', '$ref', 'anyOf', 'oneOf', 'allOf',
  'properties', 'required', 'additionalProperties', 'patternProperties', 'propertyNames',
  'items', 'minItems', 'maxItems', 'uniqueItems',
  'minLength', 'maxLength', 'pattern', 'format',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
]);
const FORMATS = new Set(['date-time', 'date', 'uri', 'email', 'uuid']);

/**
 * Names every plain JavaScript object answers to: a name or key looked up in an object literal
 * (`actions[name]`) must not find them, so strings are these now and then.
 */
const INHERITED_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'];

/** Deep enough for a step holding steps (definition → steps → step → then → step). */
const SOFT_DEPTH = 5;
const HARD_DEPTH = 12;
const STRING_SPREAD = 16;
const ARRAY_SPREAD = 3;

export interface GeneratorContext {
  /** The operation and the part (`GET /x (op) body`), for messages. */
  where: string;
  resolve(ref: string): Schema;
  /** Whether a value is valid against a schema (AJV): filters `oneOf` values matching two branches. */
  accepts(schema: Schema, value: unknown): boolean;
}

interface Place extends GeneratorContext {
  path: string;
  depth: number;
}

class TooDeep extends Error {}

type SchemaObject = Record<string, unknown>;
const isObject = (value: unknown): value is SchemaObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const codePoints = (s: string): number => [...s].length;

function unsupported(keyword: string, place: { where: string; path: string }): Error {
  return new Error(`contract test: the generator does not support ${keyword} (at ${place.path || '(root)'} of ${place.where})`);
}

/** Printable ASCII mostly, now and then any other code point but NUL (one unit = one code point, as maxLength counts). */
const UNIT = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\u0000') },
);
const text = (minLength: number, maxLength: number) => fc.string({ unit: UNIT, minLength, maxLength });

function anyJson(depth: number): fc.Arbitrary<unknown> {
  const primitive = fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: -1000, max: 1000 }), text(0, 12));
  if (depth >= SOFT_DEPTH) return primitive;
  return fc.oneof({ weight: 2, arbitrary: primitive }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2, depthSize: 'small' }) });
}

export function arbitraryFor(schema: Schema, context: GeneratorContext): fc.Arbitrary<unknown> {
  try {
    return build(schema, { ...context, path: '', depth: 0 });
  } catch (err) {
    if (err instanceof TooDeep) throw unsupported(`a recursion with no way out within ${HARD_DEPTH} levels (${err.message})`, { where: context.where, path: '' });
    throw err;
  }
}

function build(schema: Schema, place: Place): fc.Arbitrary<unknown> {
  if (schema === true) return anyJson(place.depth);
  if (schema === false) throw unsupported('the schema `false` (nothing is valid)', place);
  for (const key of Object.keys(schema)) {
    if (!SUPPORTED.has(key) && !key.startsWith('x-')) throw unsupported(`the keyword "${key}"`, place);
  }
  if (typeof schema.$ref === 'string') {
    const siblings = Object.keys(schema).filter((k) => k !== '$ref' && !ANNOTATIONS.has(k));
    if (siblings.length > 0) return build({ allOf: [{ $ref: schema.$ref }, Object.fromEntries(siblings.map((k) => [k, schema[k]]))] }, place);
    return build(place.resolve(schema.$ref), place);
  }
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) {
    if (schema.enum.length === 0) throw unsupported('an empty enum', place);
    return fc.constantFrom(...(schema.enum as unknown[]));
  }
  if (Array.isArray(schema.allOf)) return allOf(schema, place);
  if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) return union(schema, place);
  const types = typesOf(schema, place);
  if (types.length === 0) return anyJson(place.depth);
  const arbitraries = types.map((type) => ofType(type, schema, place));
  return arbitraries.length === 1 ? (arbitraries[0] as fc.Arbitrary<unknown>) : fc.oneof(...arbitraries);
}

function typesOf(schema: SchemaObject, place: Place): string[] {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.map(String);
  if (schema.type !== undefined) throw unsupported(`type ${JSON.stringify(schema.type)}`, place);
  // No type: the other keywords say which (they only constrain values of their own type).
  if (isObject(schema.properties) || schema.required !== undefined || schema.additionalProperties !== undefined) return ['object'];
  if (schema.items !== undefined || schema.minItems !== undefined) return ['array'];
  if (['minLength', 'maxLength', 'pattern', 'format'].some((k) => k in schema)) return ['string'];
  if (['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'].some((k) => k in schema)) return ['number'];
  return [];
}

function ofType(type: string, schema: SchemaObject, place: Place): fc.Arbitrary<unknown> {
  switch (type) {
    case 'object':
      return objectOf(schema, place);
    case 'array':
      return arrayOf(schema, place);
    case 'string':
      return stringOf(schema, place);
    case 'integer':
      return integerOf(schema, place);
    case 'number': {
      const { lo, hi } = bounds(schema);
      // Whole numbers too (most numbers clients send are), when the range holds any.
      if (schema.multipleOf !== undefined || Math.floor(hi) < Math.ceil(lo)) return doubleOf(schema);
      return fc.oneof(integerOf(schema, place).filter((n) => inRange(n, schema)), doubleOf(schema));
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      throw unsupported(`type "${type}"`, place);
  }
}

function deeper(place: Place, key: string): Place {
  if (place.depth >= HARD_DEPTH) throw new TooDeep(`too deep at ${place.path}`);
  return { ...place, path: `${place.path}/${key}`, depth: place.depth + 1 };
}

function regexOf(pattern: unknown, place: Place): RegExp {
  if (typeof pattern !== 'string') throw unsupported(`pattern ${JSON.stringify(pattern)}`, place);
  try {
    return new RegExp(pattern, 'u');
  } catch {
    throw unsupported(`pattern ${pattern} (not an ECMAScript regular expression with the u flag)`, place);
  }
}

function objectOf(schema: SchemaObject, place: Place): fc.Arbitrary<unknown> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const patterns = isObject(schema.patternProperties) ? Object.entries(schema.patternProperties) : [];
  if (schema.propertyNames !== undefined && !isObject(schema.propertyNames)) throw unsupported('propertyNames that is not a schema object', place);
  const names = schema.propertyNames as SchemaObject | undefined;
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const shallow = place.depth < SOFT_DEPTH;
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const subschema = (sub: unknown, name: string): fc.Arbitrary<unknown> => {
    if (typeof sub !== 'boolean' && !isObject(sub)) throw unsupported(`property "${name}" without a schema`, place);
    return build(sub, deeper(place, name));
  };
  for (const [name, sub] of Object.entries(properties)) {
    if (!required.has(name) && !shallow) continue;
    model[name] = subschema(sub, name);
  }
  const extra = schema.additionalProperties;
  for (const name of required) {
    if (name in model) continue;
    const matching = patterns.find(([pattern]) => regexOf(pattern, place).test(name));
    if (matching) model[name] = subschema(matching[1], name);
    else if (extra === false) throw unsupported(`required "${name}" that additionalProperties: false forbids`, place);
    else model[name] = isObject(extra) ? build(extra, deeper(place, name)) : anyJson(place.depth + 1);
  }
  const record = fc.record(model, { requiredKeys: [...required] });
  if (!shallow) return record;
  const allowedName = (k: string) => !(k in properties) && (names === undefined || place.accepts(names, k));
  let extras: fc.Arbitrary<Record<string, unknown>>;
  if (patterns.length > 0) {
    // Keys from the patterns only: a key matching none would fall to additionalProperties, which says little.
    const parts = patterns.map(([pattern, sub]) => {
      const key = fc.stringMatching(regexOf(pattern, place), { maxLength: 64 }).filter((k) => allowedName(k) && !k.includes('\u0000'));
      return fc.dictionary(key, subschema(sub, pattern), { maxKeys: ARRAY_SPREAD });
    });
    // Spread, not Object.assign: a key `__proto__` must stay a property, not set the prototype.
    extras = fc.tuple(...parts).map((all) => all.reduce<Record<string, unknown>>((joined, part) => ({ ...joined, ...part }), {}));
  } else if (extra === false) {
    return record;
  } else {
    const key = (names ? build(names, deeper(place, '(name)')).map(String) : text(1, 12)).filter(allowedName);
    const values = isObject(extra) ? build(extra, deeper(place, '*')) : anyJson(place.depth + 1);
    // An open object (additionalProperties absent or true) rarely gets extra properties: the document allows them, yet they say little.
    extras = isObject(extra) ? fc.dictionary(key, values, { maxKeys: ARRAY_SPREAD }) : fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.dictionary(key, values, { maxKeys: 2 }) });
  }
  return fc.tuple(extras, record).map(([more, own]) => ({ ...more, ...own }));
}

function arrayOf(schema: SchemaObject, place: Place): fc.Arbitrary<unknown> {
  const minLength = num(schema.minItems) ?? 0;
  const declared = num(schema.maxItems) ?? Number.POSITIVE_INFINITY;
  if (place.depth >= SOFT_DEPTH && minLength === 0) return fc.constant([]);
  const maxLength = Math.min(declared, minLength + ARRAY_SPREAD);
  if (Array.isArray(schema.items)) throw unsupported('items as a list (tuples)', place);
  const items = schema.items === undefined ? anyJson(place.depth + 1) : build(schema.items as Schema, deeper(place, '0'));
  if (schema.uniqueItems === true) return fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) });
  return fc.array(items, { minLength, maxLength });
}

function formatOf(format: string, place: Place): fc.Arbitrary<string> {
  const dates = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });
  switch (format) {
    case 'date-time':
      return dates.map((d) => d.toISOString());
    case 'date':
      return dates.map((d) => d.toISOString().slice(0, 10));
    case 'uri':
      return fc.webUrl();
    case 'email':
      return fc.emailAddress();
    case 'uuid':
      return fc.uuid();
    default:
      throw unsupported(`format "${format}"`, place);
  }
}

function stringOf(schema: SchemaObject, place: Place): fc.Arbitrary<unknown> {
  const min = num(schema.minLength) ?? 0;
  const max = num(schema.maxLength) ?? Number.POSITIVE_INFINITY;
  const fits = (s: string) => codePoints(s) >= min && codePoints(s) <= max;
  if (typeof schema.format === 'string') {
    if (!FORMATS.has(schema.format)) throw unsupported(`format "${schema.format}"`, place);
    return formatOf(schema.format, place).filter(fits);
  }
  if (typeof schema.pattern === 'string') {
    const regex = regexOf(schema.pattern, place);
    const bound = Number.isFinite(max) ? { maxLength: max } : {};
    return fc.stringMatching(regex, bound).filter((s) => fits(s) && !s.includes('\u0000'));
  }
  const typical = text(min, Math.min(max, min + STRING_SPREAD));
  const edges: fc.Arbitrary<string>[] = [fc.string({ unit: 'grapheme-ascii', minLength: min, maxLength: min })];
  if (Number.isFinite(max) && max <= 10_000) edges.push(fc.string({ unit: 'grapheme-ascii', minLength: max, maxLength: max }));
  const inherited = INHERITED_NAMES.filter(fits);
  if (inherited.length > 0) edges.push(fc.constantFrom(...inherited));
  return fc.oneof({ weight: 6, arbitrary: typical }, ...edges.map((arbitrary) => ({ weight: 1, arbitrary })));
}

function bounds(schema: SchemaObject): { lo: number; hi: number; loOpen: boolean; hiOpen: boolean } {
  const exMin = num(schema.exclusiveMinimum);
  const exMax = num(schema.exclusiveMaximum);
  const min = num(schema.minimum);
  const max = num(schema.maximum);
  const lo = Math.max(min ?? -1_000_000, exMin ?? -Infinity);
  const hi = Math.min(max ?? 1_000_000, exMax ?? Infinity);
  return { lo, hi, loOpen: exMin !== undefined && exMin >= (min ?? -Infinity), hiOpen: exMax !== undefined && exMax <= (max ?? Infinity) };
}

function inRange(n: number, schema: SchemaObject): boolean {
  const { lo, hi, loOpen, hiOpen } = bounds(schema);
  return (loOpen ? n > lo : n >= lo) && (hiOpen ? n < hi : n <= hi);
}

function integerOf(schema: SchemaObject, place: Place): fc.Arbitrary<number> {
  const { lo, hi, loOpen, hiOpen } = bounds(schema);
  const min = loOpen && Number.isInteger(lo) ? lo + 1 : Math.ceil(lo);
  const max = hiOpen && Number.isInteger(hi) ? hi - 1 : Math.floor(hi);
  if (min > max) throw unsupported(`an empty integer range [${lo}, ${hi}]`, place);
  const step = num(schema.multipleOf);
  if (step === undefined) return fc.integer({ min, max });
  if (!Number.isInteger(step) || step <= 0) throw unsupported(`multipleOf ${step} on an integer`, place);
  const first = Math.ceil(min / step);
  const last = Math.floor(max / step);
  if (first > last) throw unsupported(`no multiple of ${step} in [${min}, ${max}]`, place);
  return fc.integer({ min: first, max: last }).map((k) => k * step);
}

function doubleOf(schema: SchemaObject): fc.Arbitrary<number> {
  const { lo, hi, loOpen, hiOpen } = bounds(schema);
  const step = num(schema.multipleOf);
  const doubles = fc.double({ min: lo, max: hi, minExcluded: loOpen, maxExcluded: hiOpen, noNaN: true, noDefaultInfinity: true });
  if (step === undefined) return doubles;
  return doubles.map((n) => Math.round(n / step) * step).filter((n) => inRange(n, schema));
}

/** allOf: the branches' keywords merged into one schema (properties and required joined); AJV checks the result. */
function allOf(schema: SchemaObject, place: Place): fc.Arbitrary<unknown> {
  const merged: SchemaObject = {};
  const parts: unknown[] = [Object.fromEntries(Object.entries(schema).filter(([k]) => k !== 'allOf')), ...(schema.allOf as unknown[])];
  for (let part of parts) {
    for (let hops = 0; isObject(part) && typeof part.$ref === 'string' && Object.keys(part).length === 1; hops++) {
      if (hops > HARD_DEPTH) throw unsupported('an allOf whose $refs loop', place);
      part = place.resolve(part.$ref);
    }
    if (part === true) continue;
    if (!isObject(part)) throw unsupported('allOf with a non-object branch', place);
    for (const [key, value] of Object.entries(part)) {
      if (ANNOTATIONS.has(key) || key.startsWith('x-')) continue;
      if (key === 'properties' && isObject(value)) {
        const into = isObject(merged.properties) ? { ...merged.properties } : {};
        for (const [name, sub] of Object.entries(value)) into[name] = name in into ? { allOf: [into[name], sub] } : sub;
        merged.properties = into;
      } else if (key === 'required' && Array.isArray(value)) {
        merged.required = [...new Set([...(Array.isArray(merged.required) ? merged.required : []), ...value])];
      } else if (key in merged && JSON.stringify(merged[key]) !== JSON.stringify(value)) {
        throw unsupported(`allOf branches that disagree on "${key}"`, place);
      } else {
        merged[key] = value;
      }
    }
  }
  return build(merged, place).filter((value) => place.accepts(schema, value));
}

/** anyOf/oneOf: one branch at a time (with the siblings' keywords); branches that can only recurse past the depth bound are left out. */
function union(schema: SchemaObject, place: Place): fc.Arbitrary<unknown> {
  const key = Array.isArray(schema.oneOf) ? 'oneOf' : 'anyOf';
  if (Array.isArray(schema.oneOf) && Array.isArray(schema.anyOf)) throw unsupported('anyOf beside oneOf', place);
  const rest = Object.fromEntries(Object.entries(schema).filter(([k]) => k !== key && !ANNOTATIONS.has(k)));
  const branches = schema[key] as Schema[];
  const arbitraries: fc.Arbitrary<unknown>[] = [];
  let lastTooDeep: TooDeep | undefined;
  for (const [i, branch] of branches.entries()) {
    const sub = Object.keys(rest).length === 0 ? branch : { allOf: [rest, branch] };
    try {
      arbitraries.push(build(sub, { ...place, path: `${place.path}/${key}/${i}` }));
    } catch (err) {
      if (!(err instanceof TooDeep)) throw err;
      lastTooDeep = err;
    }
  }
  if (arbitraries.length === 0) throw lastTooDeep ?? unsupported(`an empty ${key}`, place);
  const any = fc.oneof(...arbitraries);
  // Branches may overlap (a value valid for two of them is refused by oneOf).
  return key === 'oneOf' ? any.filter((value) => place.accepts(schema, value)) : any;
}
