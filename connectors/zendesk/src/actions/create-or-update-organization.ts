import { Type, defineAction, type TSchema } from '@patchbay/sdk';
import { bodyOf, call, isRecord, text } from '../api.ts';
import { connection } from '../connection.ts';
import { customValuesSchema, organizationFields } from '../custom-fields.ts';
import { Tags } from './inputs.ts';

/** The organization's attributes (§5) around its custom values, which static and dynamic schemas type differently. */
function organizationSchema<V extends TSchema>(customValues: V) {
  return Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 255, title: 'Name', description: 'Unique in the account.' }),
      external_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255, title: 'External ID', description: 'The key an existing organization is matched on, e.g. a Salesforce account id.' })),
      details: Type.Optional(Type.String({ title: 'Details' })),
      notes: Type.Optional(Type.String({ title: 'Notes' })),
      domain_names: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { title: 'Domain names', description: 'Replaces the whole list.' })),
      tags: Type.Optional(Tags),
      organization_fields: Type.Optional(customValues),
    },
    { additionalProperties: false },
  );
}

const AnyCustomValues = Type.Record(Type.String({ minLength: 1 }), Type.Unknown(), { title: 'Custom fields', description: 'Organization field key → value.' });
const input = Type.Object({ organization: organizationSchema(AnyCustomValues) }, { additionalProperties: false });

const Output = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  external_id: Type.Union([Type.String(), Type.Null()]),
  created: Type.Boolean({ description: 'True when no organization had this external_id and a new one was made.' }),
});

/**
 * Demo contract (issue #7): `{ organization: { name, external_id, organization_fields: { salesforce_id } } }`.
 * `create_or_update` matches an existing organization by `external_id`; a name that belongs to
 * another organization is still refused (§5).
 */
export const createOrUpdateOrganization = defineAction(connection, {
  title: 'Create or update organization',
  description: 'Updates the organization with this external_id, or creates it when there is none. Example: { "organization": { "name": "Acme", "external_id": "001A000001", "organization_fields": { "salesforce_id": "001A000001" } } }.',
  scopes: [{ anyOf: ['write', 'organizations:write'] }],
  input,
  output: Output,
  dynamicSchema: {
    dependsOn: [],
    async run(ctx) {
      const fields = await organizationFields(ctx);
      const values = customValuesSchema(fields, 'Custom fields');
      return { input: Type.Object({ organization: organizationSchema(values) }, { additionalProperties: false }), output: Output };
    },
  },
  async run(ctx) {
    const res = await call(ctx, { method: 'POST', path: 'organizations/create_or_update', body: { organization: ctx.input.organization } }, 'creating or updating an organization');
    const org = bodyOf(res).organization;
    const found = isRecord(org) ? org : {};
    return {
      id: typeof found.id === 'number' ? found.id : 0,
      name: text(found.name),
      external_id: typeof found.external_id === 'string' ? found.external_id : null,
      // 201 Created for a new organization, 200 for an update.
      created: res.status === 201,
    };
  },
});
