import Type from 'typebox';

/**
 * The response shape of `describeConnector` (packages/sdk/src/schema.ts). The route handlers return
 * that function's result through this schema, so the compiler checks the two agree and the
 * serializer drops anything not declared here. Embedded JSON schemas are opaque (`Unknown`): they are
 * documents for forms and mapping, not part of this API's own contract.
 */
const NullableString = Type.Union([Type.String(), Type.Null()]);

const JsonSchemaDocument = Type.Unknown({ description: 'A JSON schema (draft 2020-12).' });

export const ConnectorDescriptionSchema = Type.Object({
  key: Type.String(),
  title: Type.String(),
  version: Type.String(),
  description: NullableString,
  maxSlotsPerRecipe: Type.Integer(),
  fields: Type.Array(
    Type.Object({
      name: Type.String(),
      type: Type.String(),
      label: Type.String(),
      required: Type.Boolean(),
      help: NullableString,
      default: Type.Unknown(),
      options: Type.Union([Type.Array(Type.Object({ value: Type.String(), label: Type.String() })), Type.Null()]),
    }),
  ),
  fieldsSchema: JsonSchemaDocument,
  auth: Type.Object({
    selectedBy: NullableString,
    kinds: Type.Array(Type.Object({ option: Type.String(), kind: Type.String(), requires: Type.Array(Type.String()) })),
  }),
  objects: Type.Array(Type.Object({ key: Type.String(), title: Type.String() })),
  picklists: Type.Array(Type.Object({ name: Type.String(), title: Type.String() })),
  actions: Type.Array(
    Type.Object({
      name: Type.String(),
      title: Type.String(),
      description: NullableString,
      inputSchema: JsonSchemaDocument,
      outputSchema: JsonSchemaDocument,
    }),
  ),
  triggers: Type.Array(
    Type.Object({
      name: Type.String(),
      title: Type.String(),
      kind: Type.String(),
      description: NullableString,
      inputSchema: JsonSchemaDocument,
    }),
  ),
});
