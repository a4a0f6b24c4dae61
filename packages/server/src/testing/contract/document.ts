/*
 * Reading the live OpenAPI 3.1 document for the contract test: its operations, their parameters,
 * bodies and responses, and `$ref`s to its components. Nothing here names an operation: whatever the
 * document lists is what the test walks.
 */

export type Schema = boolean | { [keyword: string]: unknown };

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Schema;
  /**
   * An object in the query, serialised `form` + `explode` (OpenAPI's default there): each of its
   * properties is a query parameter of its own (`?object=Account`), under no name of the object's.
   */
  exploded: boolean;
}

export interface MediaType {
  schema?: Schema;
}

export interface ResponseSpec {
  description?: string;
  content?: Record<string, MediaType>;
}

export interface Operation {
  method: string;
  /** The path template as the document spells it, e.g. /api/v1/connections/{id}. */
  path: string;
  operationId: string;
  /** `GET /api/v1/connections/{id} (getConnection)`: how failures name the operation. */
  label: string;
  parameters: Parameter[];
  body?: { required: boolean; mediaType: string; schema: Schema };
  responses: Record<string, ResponseSpec>;
  /** Whether the operation needs the bearer token (its own `security`, else the document's). */
  needsToken: boolean;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Schema> };
  security?: Record<string, unknown>[];
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'options', 'trace']);

/** Where the validator registers the components; every `#/components/...` ref is made absolute to it. */
export const COMPONENTS_ID = 'urn:patchbay:openapi';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A deep copy in which `$ref: "#/components/..."` points into `COMPONENTS_ID`, and `$id`s are
 * dropped: fragments are compiled one by one, and an `$id` met twice would be refused by AJV.
 * A `$ref` to anything but the components is not something this test understands: it says so.
 */
export function prepareDocument(raw: unknown): OpenApiDocument {
  const copy = (value: unknown, where: string): unknown => {
    if (Array.isArray(value)) return value.map((item, i) => copy(item, `${where}/${i}`));
    if (!isObject(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (key === '$id' && typeof item === 'string') continue;
      if (key === '$ref' && typeof item === 'string') {
        if (!item.startsWith('#/components/')) throw new Error(`contract test: unsupported $ref "${item}" at ${where}; only #/components/… refs are understood.`);
        out[key] = `${COMPONENTS_ID}${item}`;
        continue;
      }
      out[key] = copy(item, `${where}/${key}`);
    }
    return out;
  };
  const doc = copy(raw, '#');
  if (!isObject(doc) || !isObject(doc.paths) || typeof doc.openapi !== 'string') throw new Error('contract test: /api/openapi.json is not an OpenAPI document');
  return doc as unknown as OpenApiDocument;
}

/** The schema a `$ref` made by `prepareDocument` points to. */
export function resolveRef(doc: OpenApiDocument, ref: string): Schema {
  if (!ref.startsWith(`${COMPONENTS_ID}#/`)) throw new Error(`contract test: cannot resolve $ref "${ref}"`);
  let node: unknown = doc;
  for (const raw of ref.slice(COMPONENTS_ID.length + 2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) ? node[key] : undefined;
  }
  if (typeof node !== 'boolean' && !isObject(node)) throw new Error(`contract test: $ref "${ref}" points to nothing`);
  return node;
}

function parameterOf(raw: unknown, where: string): Parameter {
  if (!isObject(raw) || typeof raw.name !== 'string' || typeof raw.in !== 'string') throw new Error(`contract test: malformed parameter in ${where}`);
  if (!['path', 'query', 'header', 'cookie'].includes(raw.in)) throw new Error(`contract test: parameter ${raw.name} in ${where} is in "${raw.in}"`);
  const schema = raw.schema ?? {};
  if (typeof schema !== 'boolean' && !isObject(schema)) throw new Error(`contract test: parameter ${raw.name} in ${where} has no schema`);
  const exploded = isObject(schema) && schema.type === 'object';
  if (exploded && (raw.in !== 'query' || (raw.style ?? 'form') !== 'form' || raw.explode === false)) {
    throw new Error(`contract test: parameter ${raw.name} in ${where} is an object not serialised form + explode in the query: not supported`);
  }
  return { name: raw.name, in: raw.in as Parameter['in'], required: raw.required === true || raw.in === 'path', schema, exploded };
}

/** Every operation of the document, `head` aside (Fastify adds it beside each GET). */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!isObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const [method, raw] of Object.entries(item)) {
      if (!METHODS.has(method) || !isObject(raw)) continue;
      const operationId = typeof raw.operationId === 'string' ? raw.operationId : `${method} ${path}`;
      const label = `${method.toUpperCase()} ${path} (${operationId})`;
      const own = Array.isArray(raw.parameters) ? raw.parameters : [];
      const byKey = new Map<string, Parameter>();
      for (const p of [...shared, ...own].map((p) => parameterOf(p, label))) byKey.set(`${p.in}:${p.name}`, p);
      let body: Operation['body'];
      if (isObject(raw.requestBody) && isObject(raw.requestBody.content)) {
        const entries = Object.entries(raw.requestBody.content);
        const json = entries.find(([type]) => /^application\/(.+\+)?json$/.test(type)) ?? entries[0];
        if (json) {
          const [mediaType, media] = json;
          const schema = isObject(media) && (typeof media.schema === 'boolean' || isObject(media.schema)) ? media.schema : {};
          body = { required: raw.requestBody.required === true, mediaType, schema };
        }
      }
      const security = Array.isArray(raw.security) ? raw.security : doc.security ?? [];
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId,
        label,
        parameters: [...byKey.values()],
        ...(body ? { body } : {}),
        responses: isObject(raw.responses) ? (raw.responses as Record<string, ResponseSpec>) : {},
        needsToken: security.length > 0 && !security.some((s) => isObject(s) && Object.keys(s).length === 0),
      });
    }
  }
  return operations;
}

/** The documented response for a status: its own code, else its range (`4XX`), else `default`. */
export function documentedResponse(operation: Operation, status: number): { key: string; spec: ResponseSpec } | undefined {
  const keys = Object.keys(operation.responses);
  const key =
    keys.find((k) => k === String(status)) ??
    keys.find((k) => k.toUpperCase() === `${String(status).charAt(0)}XX`) ??
    keys.find((k) => k === 'default');
  const spec = key === undefined ? undefined : operation.responses[key];
  return key === undefined || spec === undefined ? undefined : { key, spec };
}
