import { OPENAPI_COMPONENT } from '@patchbay/core';
import { RecipeDefinition } from '@patchbay/engine';
import { fieldsSchema, type Connector } from '@patchbay/sdk';
import { CreateConnectionInput } from '@patchbay/vault';
import { isObject } from './document-walk.ts';

type JsonObject = Record<string, unknown>;


const REF_PREFIX = '#/components/schemas/';

/** A TypeBox schema as the plain JSON the document holds. */
function plain(schema: unknown): JsonObject {
  const copy: unknown = JSON.parse(JSON.stringify(schema));
  return isObject(copy) ? copy : {};
}

/**
 * Moves every `$defs` entry into `components` and points its references there: a recursive TypeBox
 * schema (`Type.Cyclic`, the recipe's `Step`) refers to its definitions by bare name, which only
 * resolves inside that one schema, so generators and linters need it as a shared component.
 */
function hoistDefinitions(node: unknown, components: JsonObject): unknown {
  if (Array.isArray(node)) return node.map((item) => hoistDefinitions(item, components));
  if (!isObject(node)) return node;
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$defs' && isObject(value)) {
      for (const [name, definition] of Object.entries(value)) {
        // Its `$id` (the bare name) would make references inside it resolve against itself.
        const hoisted = hoistDefinitions(definition, components);
        if (isObject(hoisted)) delete hoisted.$id;
        components[name] = hoisted;
      }
    } else if (key === '$ref' && typeof value === 'string' && !value.startsWith('#')) {
      result.$ref = `${REF_PREFIX}${value}`;
    } else {
      result[key] = hoistDefinitions(value, components);
    }
  }
  return result;
}

/**
 * Replaces each schema marked with `OPENAPI_COMPONENT` by a reference to that component, keeping its
 * description (OpenAPI 3.1 allows `description` beside `$ref`). A name `provided` already has its
 * component (the full schema of a loosely validated body); any other marked schema becomes the
 * component itself, so a resource (`Connection`, `Job`) is one named schema however many routes use it.
 */
function referToComponents(node: unknown, components: JsonObject, provided: ReadonlySet<string>): unknown {
  if (Array.isArray(node)) return node.map((item) => referToComponents(item, components, provided));
  if (!isObject(node)) return node;
  const { [OPENAPI_COMPONENT]: name, description, ...schema } = node;
  if (typeof name === 'string') {
    if (!provided.has(name)) {
      const component = referToComponents(schema, components, provided);
      if (components[name] === undefined) components[name] = component;
      else if (JSON.stringify(components[name]) !== JSON.stringify(component)) throw new Error(`Two different schemas are marked as the component ${name}.`);
    }
    return typeof description === 'string' ? { $ref: `${REF_PREFIX}${name}`, description } : { $ref: `${REF_PREFIX}${name}` };
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, referToComponents(value, components, provided)]));
}

/**
 * One branch of `CreateConnectionInput` per connector that needs a connection: `connector` fixed to
 * its key and `fields` its own field schema — the schema the vault validates the fields with and
 * `GET /api/v1/connectors/{key}` shows as `fieldsSchema`.
 */
function connectionInputOf(connector: Connector, components: JsonObject): string {
  const fields = plain(fieldsSchema(connector.connection.fields));
  const fieldsName = `ConnectionFields.${connector.key}`;
  components[fieldsName] = { ...fields, description: `The connection fields of ${connector.title}.` };
  const base = plain(CreateConnectionInput);
  const properties = isObject(base.properties) ? base.properties : {};
  const fieldsRequired = Array.isArray(fields.required) && fields.required.length > 0;
  const name = `CreateConnectionInput.${connector.key}`;
  components[name] = {
    type: 'object',
    title: `A ${connector.title} connection`,
    required: ['connector', 'name', ...(fieldsRequired ? ['fields'] : [])],
    properties: { ...properties, connector: { type: 'string', const: connector.key }, fields: { $ref: `${REF_PREFIX}${fieldsName}` } },
    additionalProperties: false,
  };
  return name;
}

/**
 * The shared schemas of the document: what marked route schemas refer to (`OPENAPI_COMPONENT`),
 * built from the same schemas the engine and the vault validate with.
 */
export function documentComponents(connectors: readonly Connector[]): JsonObject {
  const components: JsonObject = {};
  components.RecipeDefinition = hoistDefinitions(
    { ...plain(RecipeDefinition), description: 'A recipe: its connection slots, its trigger and its steps. Exported and imported as it is.' },
    components,
  );
  const branches = connectors.map((connector) => [connector.key, connectionInputOf(connector, components)] as const);
  components.CreateConnectionInput = {
    description: "A new connection: `connector` chooses which connector's fields `fields` holds.",
    oneOf: branches.map(([, name]) => ({ $ref: `${REF_PREFIX}${name}` })),
    discriminator: { propertyName: 'connector', mapping: Object.fromEntries(branches.map(([key, name]) => [key, `${REF_PREFIX}${name}`])) },
  };
  return components;
}

/** Points marked schemas and recursive definitions of the document's paths at its shared components. */
export function useComponents(document: unknown, components: JsonObject): void {
  if (!isObject(document)) return;
  const schemas = { ...components };
  document.paths = referToComponents(hoistDefinitions(document.paths, schemas), schemas, new Set(Object.keys(components)));
  document.components = { ...(isObject(document.components) ? document.components : {}), schemas };
}
