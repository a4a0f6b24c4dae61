import Type, { type TSchema } from 'typebox';
import { describeAuth } from './auth.ts';
import type { FieldDef, Fields } from './fields.ts';
import type { Connector } from './connector.ts';
import { type MemberDef, describeScope } from './member.ts';
import type { PicklistBinding } from './picklist.ts';

function fieldSchema(field: FieldDef): TSchema {
  const meta = { title: field.label, ...(field.help ? { description: field.help } : {}) };
  switch (field.type) {
    case 'text':
      return Type.String({ ...meta, maxLength: 4096, ...(field.pattern ? { pattern: field.pattern } : {}) });
    case 'secret':
      return Type.String({ ...meta, minLength: 1, maxLength: 16384, writeOnly: true });
    case 'url':
      return Type.String({ ...meta, maxLength: 2048, pattern: '^https?://[^\\s]+$' });
    case 'select':
      return Type.Union(field.options.map((o) => Type.Literal(o.value)), meta);
    case 'boolean':
      return Type.Boolean(meta);
    case 'number':
      return Type.Number({ ...meta, ...(field.minimum !== undefined ? { minimum: field.minimum } : {}), ...(field.maximum !== undefined ? { maximum: field.maximum } : {}) });
  }
}

/**
 * The JSON schema of a connector's connection fields: validates API input, documents the API and
 * drives the UI form. `partial` (for PATCH) makes every field optional.
 */
export function fieldsSchema(fields: Fields, options: { partial?: boolean } = {}): TSchema {
  // Memoised per declaration, so callers that compile validators compile each schema once.
  const cached = schemaCache.get(fields) ?? {};
  const key = options.partial ? 'partial' : 'full';
  const hit = cached[key];
  if (hit) return hit;
  const schema = buildFieldsSchema(fields, options);
  schemaCache.set(fields, { ...cached, [key]: schema });
  return schema;
}

const schemaCache = new WeakMap<Fields, { full?: TSchema; partial?: TSchema }>();

function buildFieldsSchema(fields: Fields, options: { partial?: boolean }): TSchema {
  const properties: Record<string, TSchema> = {};
  for (const [name, field] of Object.entries(fields)) {
    const schema = fieldSchema(field);
    // An operator default (PATCHBAY_<KEY>_<FIELD>) may stand in for a required field: the vault
    // checks presence after applying it, so the schema cannot require it.
    const required = field.required && !field.operatorDefault && !options.partial && !('default' in field && field.default !== undefined);
    properties[name] = required ? schema : Type.Optional(schema);
  }
  return Type.Object(properties, { additionalProperties: false });
}

/** The public description of a connector, served by `GET /api/v1/connectors/{key}`. */
export function describeConnector(connector: Connector) {
  return {
    key: connector.key,
    title: connector.title,
    version: connector.version,
    description: connector.description ?? null,
    needsConnection: true,
    maxSlotsPerRecipe: connector.maxSlotsPerRecipe,
    fields: Object.entries(connector.connection.fields).map(([name, f]) => ({
      name,
      type: f.type,
      label: f.label,
      required: f.required ?? false,
      help: f.help ?? null,
      default: 'default' in f && f.default !== undefined ? f.default : null,
      options: f.type === 'select' ? f.options.map((o) => ({ value: o.value, label: o.label })) : null,
      operatorDefault: f.operatorDefault ?? false,
    })),
    fieldsSchema: fieldsSchema(connector.connection.fields),
    auth: describeAuth(connector.connection.auth),
    objects: connector.objects.map((o) => ({ key: o.key, title: o.title })),
    picklists: Object.entries(connector.picklists).map(([name, p]) => ({ name, title: p.title, params: Object.keys(Reflect.get(p.params, 'properties') ?? {}) })),
    actions: Object.entries(connector.actions).map(([name, a]) => ({ name, ...describeMember(a) })),
    triggers: Object.entries(connector.triggers).map(([name, t]) => ({ name, kind: triggerKind(t.kind), ...describeMember(t) })),
  };
}

/** A trigger's kind as clients see it: also `schedule` for the built-in one. */
const triggerKind = (kind: string): string => kind;

/**
 * How a form renders an action or trigger: its static schemas, the pick list behind each input
 * (with the inputs its parameters come from), the inputs a dynamic schema depends on, the scopes.
 */
function describeMember(member: MemberDef<Fields, TSchema, string>) {
  const bindings: Record<string, PicklistBinding<Record<string, unknown>> | undefined> = member.picklists ?? {};
  return {
    title: member.title,
    description: member.description ?? null,
    inputSchema: member.input,
    outputSchema: member.output ?? null,
    scopes: (member.scopes ?? []).map(describeScope),
    picklists: Object.entries(bindings).flatMap(([input, binding]) =>
      binding === undefined ? [] : [{ input, list: typeof binding === 'string' ? binding : binding.list, params: typeof binding === 'string' ? {} : { ...binding.params } }],
    ),
    dynamicSchema: member.dynamicSchema ? { dependsOn: [...member.dynamicSchema.dependsOn] } : null,
  };
}

export type ConnectorDescription = ReturnType<typeof describeConnector>;
