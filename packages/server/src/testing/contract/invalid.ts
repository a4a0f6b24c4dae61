import type { Schema } from './document.ts';

/*
 * Documented-invalid inputs, made by breaking one thing in a valid one: a required property
 * dropped, an unknown property where additionalProperties is false, a property name off
 * propertyNames, a value of the wrong type, a
 * string too long or too short or off its pattern or format, a number out of range or not whole, a
 * value outside its enum. Candidates are made generously; the caller keeps only those AJV refuses
 * (a mutation that happens to stay valid, e.g. a wrong type another anyOf branch accepts, is no test).
 */

export interface Mutated<T> {
  /** What was broken and where: `body/name: longer than maxLength 200`. */
  description: string;
  value: T;
}

export interface MutationContext {
  resolve(ref: string): Schema;
  accepts(schema: Schema, value: unknown): boolean;
  /** AJV's reason for refusing a value, or null when it accepts it. */
  explain(schema: Schema, value: unknown): string | null;
}

type SchemaObject = Record<string, unknown>;
const isObject = (value: unknown): value is SchemaObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** A value of another JSON type for each type, to replace a value with. */
function otherTypes(value: unknown): unknown[] {
  if (value === null) return [0, 'null'];
  if (Array.isArray(value)) return [{}, 'list'];
  switch (typeof value) {
    case 'string':
      return [12345, null, ['text']];
    case 'number':
      return ['not a number', null];
    case 'boolean':
      return ['true', 1];
    case 'object':
      return [[], 'object', null];
    default:
      return [null];
  }
}

/** Replacements that break the value's own keywords (length, pattern, format, range, enum). */
function keywordBreakers(schema: SchemaObject, value: unknown): Mutated<unknown>[] {
  const out: Mutated<unknown>[] = [];
  const maxLength = num(schema.maxLength);
  const minLength = num(schema.minLength);
  if (maxLength !== undefined) out.push({ description: `longer than maxLength ${maxLength}`, value: 'x'.repeat(maxLength + 1) });
  if (minLength !== undefined && minLength > 0) out.push({ description: `shorter than minLength ${minLength}`, value: 'x'.repeat(minLength - 1) });
  if (typeof schema.pattern === 'string') out.push({ description: `off pattern ${schema.pattern}`, value: ' not matching ' }, { description: `off pattern ${schema.pattern}`, value: '' });
  if (typeof schema.format === 'string') out.push({ description: `not a ${schema.format}`, value: 'not-a-valid-value' });
  const minimum = num(schema.minimum) ?? num(schema.exclusiveMinimum);
  const maximum = num(schema.maximum) ?? num(schema.exclusiveMaximum);
  if (minimum !== undefined) out.push({ description: `below minimum ${minimum}`, value: minimum - 1 }, { description: `at exclusive minimum ${minimum}`, value: minimum });
  if (maximum !== undefined) out.push({ description: `above maximum ${maximum}`, value: maximum + 1 }, { description: `at exclusive maximum ${maximum}`, value: maximum });
  if (schema.type === 'integer' && typeof value === 'number') out.push({ description: 'not a whole number', value: value + 0.5 });
  if (Array.isArray(schema.enum) || 'const' in schema) out.push({ description: 'not one of the enum', value: typeof value === 'number' ? -987654321 : 'not-one-of-the-choices' });
  return out;
}

function withoutRef(schema: Schema, context: MutationContext): Schema {
  let current = schema;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && hops < 20; hops++) current = context.resolve(current.$ref);
  return current;
}

/** The schemas a value is judged by at this place: the schema itself, the allOf parts, and the union branches it matches. */
function facets(schema: Schema, value: unknown, context: MutationContext): SchemaObject[] {
  const own = withoutRef(schema, context);
  if (!isObject(own)) return [];
  const out: SchemaObject[] = [own];
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = own[key];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches as Schema[]) {
      // With no value to match (a parameter's schema as a whole), every branch counts.
      if (key !== 'allOf' && value !== undefined && !context.accepts(branch, value)) continue;
      out.push(...facets(branch, value, context));
    }
  }
  return out;
}

interface Site {
  path: string[];
  description: string;
  /** undefined: remove the property at path. */
  replacement?: { value: unknown };
}

function sites(schema: Schema, value: unknown, path: string[], context: MutationContext, out: Site[], depth: number): void {
  if (depth > 8) return;
  const at = path.join('/') || '(root)';
  for (const replacement of otherTypes(value)) out.push({ path, description: `${at}: a ${Array.isArray(replacement) ? 'list' : replacement === null ? 'null' : typeof replacement} instead`, replacement: { value: replacement } });
  for (const facet of facets(schema, value, context)) {
    for (const broken of keywordBreakers(facet, value)) out.push({ path, description: `${at}: ${broken.description}`, replacement: { value: broken.value } });
    if (isObject(value)) {
      const properties = isObject(facet.properties) ? facet.properties : {};
      const required = Array.isArray(facet.required) ? facet.required.map(String) : [];
      for (const name of required) if (Object.hasOwn(value, name)) out.push({ path: [...path, name], description: `${at}: required "${name}" left out` });
      const patterns = isObject(facet.patternProperties) ? Object.entries(facet.patternProperties) : [];
      if (facet.additionalProperties === false) out.push({ path: [...path, 'unexpectedProperty'], description: `${at}: an unknown property (additionalProperties: false)`, replacement: { value: 1 } });
      if (isObject(facet.propertyNames)) out.push({ path: [...path, '-not a name-'], description: `${at}: a property name off propertyNames`, replacement: { value: 1 } });
      for (const [name, item] of Object.entries(value)) {
        const byPattern = patterns.find(([pattern]) => new RegExp(pattern, 'u').test(name))?.[1];
        const sub = Object.hasOwn(properties, name) ? properties[name] : byPattern ?? facet.additionalProperties;
        if (typeof sub === 'boolean' || isObject(sub)) sites(sub, item, [...path, name], context, out, depth + 1);
      }
    }
    if (Array.isArray(value)) {
      const maxItems = num(facet.maxItems);
      const minItems = num(facet.minItems);
      if (maxItems !== undefined && value.length > 0) {
        // The smallest item, repeated: the body must stay far below the size limit (413 is another refusal).
        const smallest = value.reduce((a: unknown, b: unknown) => (JSON.stringify(b).length < JSON.stringify(a).length ? b : a));
        if (JSON.stringify(smallest).length * (maxItems + 1) < 256 * 1024) {
          out.push({ path, description: `${at}: more than maxItems ${maxItems}`, replacement: { value: Array.from({ length: maxItems + 1 }, () => smallest) } });
        }
      }
      if (minItems !== undefined && minItems > 0) out.push({ path, description: `${at}: fewer than minItems ${minItems}`, replacement: { value: value.slice(0, minItems - 1) } });
      const items = facet.items;
      if ((typeof items === 'boolean' || isObject(items)) && value.length > 0) sites(items, value[0], [...path, '0'], context, out, depth + 1);
    }
  }
}

/** A copy of a JSON value with one place changed; keys such as `__proto__` stay data (defineProperty, never assignment). */
function applySite(value: unknown, site: Site): unknown {
  if (site.path.length === 0) return site.replacement?.value;
  const copy: unknown = JSON.parse(JSON.stringify(value));
  let node: unknown = copy;
  for (const key of site.path.slice(0, -1)) node = isObject(node) || Array.isArray(node) ? Reflect.get(node, key) : undefined;
  const last = site.path.at(-1) ?? '';
  if (!isObject(node) && !Array.isArray(node)) return copy;
  if (site.replacement === undefined) Reflect.deleteProperty(node, last);
  else Object.defineProperty(node, last, { value: site.replacement.value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Every single-place mutation of a valid JSON value that the schema refuses. */
export function invalidVariants(schema: Schema, value: unknown, context: MutationContext): Mutated<unknown>[] {
  const found: Site[] = [];
  sites(schema, value, [], context, found, 0);
  const seen = new Set<string>();
  const out: Mutated<unknown>[] = [];
  for (const site of found) {
    const mutated = applySite(value, site);
    const key = JSON.stringify(mutated) ?? 'undefined';
    if (seen.has(key) || context.accepts(schema, mutated)) continue;
    seen.add(key);
    out.push({ description: site.description, value: mutated });
  }
  return out;
}

/**
 * Query or path values (text) the schema refuses, as the server reads them (`readParameter`):
 * e.g. for `limit` (integer 1–500) `0`, `501`, `abc`, `1.5`.
 */
export function invalidTexts(schema: Schema, read: (text: string) => unknown, context: MutationContext): Mutated<string>[] {
  const candidates = ['abc', '1.5', '', 'not-one-of-the-choices', 'yesterday'];
  for (const facet of facets(schema, undefined, context)) {
    for (const broken of keywordBreakers(facet, 1)) {
      if (typeof broken.value === 'number' || typeof broken.value === 'string') candidates.push(String(broken.value));
    }
  }
  const out: Mutated<string>[] = [];
  for (const value of new Set(candidates)) {
    const why = context.explain(schema, read(value));
    if (why !== null) out.push({ description: why, value });
  }
  return out;
}
