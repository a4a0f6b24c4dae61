import fc from 'fast-check';
import { arbitraryFor, type GeneratorContext } from './arbitraries.ts';
import { resolveRef, type OpenApiDocument, type Operation, type Parameter, type Schema } from './document.ts';
import { invalidTexts, invalidVariants, type MutationContext } from './invalid.ts';
import type { SchemaValidator } from './validator.ts';

export interface ContractRequest {
  method: string;
  /** The operation's path template; `params` fill it. */
  template: string;
  params: Record<string, string>;
  query: Record<string, string>;
  /** null: no body at all. */
  body: { value: unknown } | null;
  /** Set on documented-invalid requests: which part was broken, and how. */
  mutation?: { part: 'body' | 'query' | 'path'; description: string };
}

/**
 * Ids of real resources, keyed by the path segment before a parameter (`connections` for
 * /connections/{id}, `picklists` for /picklists/{name}): generated path ids then hit real handlers,
 * not only the not-found path.
 */
export type Pools = Record<string, readonly string[]>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** WHATWG URLs (fetch) drop `.` and `..` segments, even percent-encoded: such an id cannot be sent as one. */
const sendableSegment = (s: string) => s !== '' && !/^(\.|%2e){1,2}$/i.test(s);

export function urlOf(request: ContractRequest): string {
  const path = request.template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(request.params[name] ?? ''));
  const query = new URLSearchParams(Object.entries(request.query)).toString();
  return query ? `${path}?${query}` : path;
}

export function describeRequest(request: ContractRequest): string {
  const body = request.body === null ? '(no body)' : JSON.stringify(request.body.value);
  const broken = request.mutation ? `\n  broken: ${request.mutation.part} ${request.mutation.description}` : '';
  return `${request.method} ${urlOf(request)}\n  body: ${body.length > 600 ? `${body.slice(0, 600)}…` : body}${broken}`;
}

function typesIn(schema: Schema, doc: OpenApiDocument, depth = 0): string[] {
  if (!isObject(schema) || depth > 10) return [];
  if (typeof schema.$ref === 'string') return typesIn(resolveRef(doc, schema.$ref), doc, depth + 1);
  const own = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type.map(String) : [];
  const branches = [schema.anyOf, schema.oneOf, schema.allOf].flatMap((b) => (Array.isArray(b) ? (b as Schema[]) : []));
  return [...own, ...branches.flatMap((b) => typesIn(b, doc, depth + 1))];
}

/**
 * A query or path value as the server reads it: text, except that a parameter documented as a
 * number is read as one when it is written as a decimal (`?limit=20`, http/query.ts). AJV judges
 * this reading, so `limit=abc` is invalid and `limit=20` valid.
 */
export function readParameter(parameter: Parameter, doc: OpenApiDocument): (text: string) => unknown {
  const numeric = typesIn(parameter.schema, doc).some((t) => t === 'integer' || t === 'number');
  return (text) => (numeric && /^-?[0-9]{1,12}(\.[0-9]{1,12})?$/.test(text) ? Number(text) : text);
}

function writeParameter(value: unknown, parameter: Parameter, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`contract test: ${where} parameter "${parameter.name}" takes objects or lists; only text, number and boolean parameters are supported`);
}

/** The query parameters the document names: an exploded object's properties are any other names. */
function namedQuery(operation: Operation): Set<string> {
  return new Set(operation.parameters.filter((p) => p.in === 'query' && !p.exploded).map((p) => p.name));
}

/** The properties of an exploded object, as query text; a property that would stand for a named parameter is left out. */
function explode(value: unknown, parameter: Parameter, operation: Operation): Record<string, string> {
  if (!isObject(value)) throw new Error(`contract test: ${operation.label} query parameter "${parameter.name}" is not an object`);
  const named = namedQuery(operation);
  return Object.fromEntries(Object.entries(value).filter(([key]) => !named.has(key)).map(([key, item]) => [key, writeParameter(item, parameter, operation.label)]));
}

/** The exploded object back from a flat query: every query parameter the document does not name. */
function imploded(query: Record<string, string>, operation: Operation): Record<string, string> {
  const named = namedQuery(operation);
  return Object.fromEntries(Object.entries(query).filter(([key]) => !named.has(key)));
}

export class RequestFactory {
  private readonly context: GeneratorContext & MutationContext;

  constructor(
    private readonly doc: OpenApiDocument,
    private readonly validator: SchemaValidator,
  ) {
    this.context = {
      where: '',
      resolve: (ref) => resolveRef(doc, ref),
      accepts: (schema, value) => validator.isValid(schema, value),
      explain: (schema, value) => validator.problems(schema, value),
    };
  }

  /**
   * Requests the document says are valid; path ids drawn from the pools or generated. `leaveOut`
   * names optional parameters (`query cursor`) whose valid values only the server can make.
   */
  valid(operation: Operation, pools: Pools, leaveOut: ReadonlySet<string> = new Set()): fc.Arbitrary<ContractRequest> {
    for (const p of operation.parameters) if (p.in === 'header' || p.in === 'cookie') throw new Error(`contract test: ${operation.label} takes a ${p.in} parameter "${p.name}": not supported`);
    const context = (part: string) => ({ ...this.context, where: `${operation.label} ${part}` });
    const params: Record<string, fc.Arbitrary<string>> = {};
    for (const p of operation.parameters.filter((p) => p.in === 'path')) {
      const generated = arbitraryFor(p.schema, context(`path parameter ${p.name}`))
        .map((v) => writeParameter(v, p, operation.label))
        .filter(sendableSegment);
      const before = operation.path.split('/').at(operation.path.split('/').indexOf(`{${p.name}}`) - 1) ?? '';
      const known = (pools[before] ?? []).filter((id) => this.validator.isValid(p.schema, id));
      params[p.name] = known.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: generated }) : generated;
    }
    // Each parameter gives the query text it adds: its own name, or an exploded object's properties.
    const query: Record<string, fc.Arbitrary<Record<string, string>>> = {};
    const requiredQuery: string[] = [];
    for (const p of operation.parameters.filter((p) => p.in === 'query' && (p.required || !leaveOut.has(`query ${p.name}`)))) {
      query[p.name] = arbitraryFor(p.schema, context(`query parameter ${p.name}`)).map((v) =>
        p.exploded ? explode(v, p, operation) : { [p.name]: writeParameter(v, p, operation.label) },
      );
      if (p.required) requiredQuery.push(p.name);
    }
    let body: fc.Arbitrary<ContractRequest['body']> = fc.constant(null);
    if (operation.body) {
      const value = arbitraryFor(operation.body.schema, context('body')).map((v) => ({ value: v }));
      body = operation.body.required ? value : fc.oneof(fc.constant(null), value);
    }
    return fc
      .record({ params: fc.record(params), query: fc.record(query, { requiredKeys: requiredQuery }), body })
      .map(({ params, query, body }) => ({
        method: operation.method,
        template: operation.path,
        params,
        // fromEntries: a property named __proto__ stays a query parameter, as the server reads it.
        query: Object.fromEntries(Object.values(query).flatMap((part) => Object.entries(part))),
        body,
      }));
  }

  /** Why a generated request is not valid by the document (a generator bug), or null. */
  generatorProblem(operation: Operation, request: ContractRequest): string | null {
    for (const p of operation.parameters) {
      if (p.exploded) {
        const problems = this.validator.problems(p.schema, imploded(request.query, operation));
        if (problems) return `query parameter ${p.name} (its properties, each a query parameter): ${problems}`;
        continue;
      }
      const text = p.in === 'path' ? request.params[p.name] : p.in === 'query' ? request.query[p.name] : undefined;
      if (text === undefined) {
        if (p.required) return `${p.in} parameter ${p.name} is required but was not generated`;
        continue;
      }
      const problems = this.validator.problems(p.schema, readParameter(p, this.doc)(text));
      if (problems) return `${p.in} parameter ${p.name}=${JSON.stringify(text)}: ${problems}`;
    }
    if (operation.body) {
      if (request.body === null) return operation.body.required ? 'the required body was not generated' : null;
      const problems = this.validator.problems(operation.body.schema, request.body.value);
      if (problems) return `body: ${problems}`;
    }
    return null;
  }

  /** Every documented-invalid request one change away from a valid one. */
  invalid(operation: Operation, request: ContractRequest): ContractRequest[] {
    const out: ContractRequest[] = [];
    if (operation.body) {
      if (operation.body.required) out.push({ ...request, body: null, mutation: { part: 'body', description: 'the required body left out' } });
      const value = request.body === null ? {} : request.body.value;
      for (const v of invalidVariants(operation.body.schema, value, this.context)) {
        if (v.value === undefined) continue;
        out.push({ ...request, body: { value: v.value }, mutation: { part: 'body', description: v.description } });
      }
    }
    for (const p of operation.parameters) {
      if (p.exploded) {
        out.push(...this.invalidExploded(operation, p, request));
        continue;
      }
      if (p.in !== 'query' && p.in !== 'path') continue;
      if (p.in === 'query' && p.required) {
        const { [p.name]: _left, ...rest } = request.query;
        out.push({ ...request, query: rest, mutation: { part: 'query', description: `required ${p.name} left out` } });
      }
      for (const v of invalidTexts(p.schema, readParameter(p, this.doc), this.context)) {
        if (p.in === 'path' && !sendableSegment(v.value)) continue;
        const description = `${p.name}=${JSON.stringify(v.value.length > 40 ? `${v.value.slice(0, 20)}…(${v.value.length} chars)` : v.value)}: ${v.description}`;
        if (p.in === 'query') out.push({ ...request, query: { ...request.query, [p.name]: v.value }, mutation: { part: 'query', description } });
        else out.push({ ...request, params: { ...request.params, [p.name]: v.value }, mutation: { part: 'path', description } });
      }
    }
    return out;
  }

  /**
   * An exploded object broken one way, kept only when it can still be written as query text (an
   * object of strings whose names the document does not give to another parameter): a number or
   * a nested object would reach the server as text, which may be valid.
   */
  private invalidExploded(operation: Operation, p: Parameter, request: ContractRequest): ContractRequest[] {
    const named = namedQuery(operation);
    const others = Object.fromEntries(Object.entries(request.query).filter(([key]) => named.has(key)));
    const out: ContractRequest[] = [];
    for (const v of invalidVariants(p.schema, imploded(request.query, operation), this.context)) {
      if (!isObject(v.value)) continue;
      const entries = Object.entries(v.value);
      if (!entries.every(([key, item]) => typeof item === 'string' && !named.has(key))) continue;
      const query = Object.fromEntries([...Object.entries(others), ...entries.map(([key, item]) => [key, String(item)] as const)]);
      out.push({ ...request, query, mutation: { part: 'query', description: `${p.name} (exploded): ${v.description}` } });
    }
    return out;
  }
}
