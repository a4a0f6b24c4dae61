import { OPENAPI_COMPONENT } from '@patchbay/core';
import Type from 'typebox';

/**
 * The response shape of `describeConnector` (packages/sdk/src/schema.ts). The route handlers return
 * that function's result through this schema, so the compiler checks the two agree and the
 * serializer drops anything not declared here. Embedded JSON schemas are opaque (`Unknown`): they are
 * documents for forms and mapping, not part of this API's own contract.
 */
const NullableString = Type.Union([Type.String(), Type.Null()]);

const JsonSchemaDocument = Type.Unknown({ description: 'A JSON schema (draft 2020-12).' });

const MemberProperties = {
  name: Type.String(),
  title: Type.String(),
  description: NullableString,
  inputSchema: JsonSchemaDocument,
  outputSchema: JsonSchemaDocument,
  scopes: Type.Array(Type.String(), { description: 'OAuth scopes it needs; a recipe will not start when its connection lacks one.' }),
  picklists: Type.Array(
    Type.Object({
      input: Type.String({ description: 'The input property whose values the list offers.' }),
      list: Type.String(),
      params: Type.Record(Type.String(), Type.String(), { description: 'List parameter → the input property its value comes from.' }),
    }),
  ),
  dynamicSchema: Type.Union([Type.Object({ dependsOn: Type.Array(Type.String()) }), Type.Null()], {
    description: 'When set, POST /api/v1/connections/{id}/schema with these inputs as config gives the input and output schemas.',
  }),
};

export const ConnectorDescriptionSchema = Type.Object({
  key: Type.String(),
  title: Type.String(),
  version: Type.String(),
  description: NullableString,
  needsConnection: Type.Boolean({ description: 'false for the built-in triggers (webhook, schedule), which recipes name with "connector" instead of a slot.' }),
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
      operatorDefault: Type.Boolean({ description: 'The operator may set it for every connection with PATCHBAY_<KEY>_<FIELD>.' }),
    }),
  ),
  fieldsSchema: JsonSchemaDocument,
  auth: Type.Object({
    selectedBy: Type.Union([Type.String(), Type.Null()], { description: 'The select field whose value chooses the auth option; null when there is one.' }),
    kinds: Type.Array(
      Type.Object({
        option: Type.String({ description: 'The value of the `selectedBy` field that chooses it (the kind itself for a single one).' }),
        kind: Type.String(),
        requires: Type.Array(Type.String(), { description: 'Fields required when this option is chosen.' }),
        optional: Type.Array(Type.String(), {
          description:
            'Fields this option uses when given, without requiring them. A field no option names (in `requires` or `optional`) is common to every option; a field only other options name is ignored and not stored.',
        }),
      }),
    ),
  }),
  objects: Type.Array(Type.Object({ key: Type.String(), title: Type.String() })),
  picklists: Type.Array(Type.Object({ name: Type.String(), title: Type.String(), params: Type.Array(Type.String(), { description: 'Query parameters the list takes.' }) })),
  actions: Type.Array(Type.Object(MemberProperties)),
  triggers: Type.Array(Type.Object({ ...MemberProperties, kind: Type.String() })),
}, { [OPENAPI_COMPONENT]: 'Connector' });
