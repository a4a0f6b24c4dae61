import Type, { type TSchema } from 'typebox';
import type { FieldDef, Fields } from './fields.ts';
import type { Connector } from './connector.ts';

function fieldSchema(field: FieldDef): TSchema {
  const meta = { title: field.label, ...(field.help ? { description: field.help } : {}) };
  switch (field.type) {
    case 'text':
      return Type.String({ ...meta, maxLength: 4096 });
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
    properties[name] = field.required && !options.partial && !('default' in field && field.default !== undefined) ? schema : Type.Optional(schema);
  }
  return Type.Object(properties, { additionalProperties: false });
}

/** The public description of a connector, served by `GET /api/v1/connectors/{key}`. */
export function describeConnector(connector: Connector) {
  const auth = connector.connection.auth;
  const authKinds =
    auth.kind === 'multi'
      ? Object.entries(auth.options).map(([option, o]) => ({ option, kind: o.auth.kind, requires: [...(o.requires ?? [])] }))
      : [{ option: auth.kind, kind: auth.kind, requires: [] as string[] }];
  return {
    key: connector.key,
    title: connector.title,
    version: connector.version,
    description: connector.description ?? null,
    maxSlotsPerRecipe: connector.maxSlotsPerRecipe,
    fields: Object.entries(connector.connection.fields).map(([name, f]) => ({
      name,
      type: f.type,
      label: f.label,
      required: f.required ?? false,
      help: f.help ?? null,
      default: 'default' in f && f.default !== undefined ? f.default : null,
      options: f.type === 'select' ? f.options.map((o) => ({ value: o.value, label: o.label })) : null,
    })),
    fieldsSchema: fieldsSchema(connector.connection.fields),
    auth: { selectedBy: auth.kind === 'multi' ? auth.field : null, kinds: authKinds },
    objects: connector.objects.map((o) => ({ key: o.key, title: o.title })),
    picklists: Object.entries(connector.picklists).map(([name, p]) => ({ name, title: p.title })),
    actions: Object.entries(connector.actions).map(([name, a]) => ({
      name,
      title: a.title,
      description: a.description ?? null,
      inputSchema: a.input,
      outputSchema: a.output ?? null,
    })),
    triggers: Object.entries(connector.triggers).map(([name, t]) => ({
      name,
      title: t.title,
      kind: t.kind,
      description: t.description ?? null,
      inputSchema: t.input,
    })),
  };
}

export type ConnectorDescription = ReturnType<typeof describeConnector>;
