import { AppError, Type, defineAction } from '@patchbay/sdk';
import { isRecord, salesforceError, segment } from '../api.ts';
import { connection } from '../connection.ts';
import { describeObject, recordSchema } from '../describe.ts';
import { FieldValues, ObjectName } from './inputs.ts';

const UpsertOutput = Type.Object({ id: Type.String(), created: Type.Boolean() });
const ExternalIdField = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z][A-Za-z0-9_]*$', title: 'Match on', description: 'An external id field, e.g. External_Id__c (or Id).' });
const ExternalId = Type.String({ minLength: 1, maxLength: 255, title: 'Value to match' });

export const upsert = defineAction(connection, {
  title: 'Create or update record by external id',
  description: 'Updates the record whose external id field has this value, or creates it when there is none.',
  scopes: ['api'],
  input: Type.Object({ object: ObjectName, externalIdField: ExternalIdField, externalId: ExternalId, record: FieldValues }, { additionalProperties: false }),
  output: UpsertOutput,
  picklists: { object: 'objects', externalIdField: { list: 'externalIdFields', params: { object: 'object' } } },
  dynamicSchema: {
    dependsOn: ['object'],
    async run(ctx) {
      const { fields } = await describeObject(ctx, ctx.config.object);
      return {
        input: Type.Object(
          { object: Type.Literal(ctx.config.object), externalIdField: ExternalIdField, externalId: ExternalId, record: recordSchema(ctx.config.object, fields, 'upsert') },
          { additionalProperties: false },
        ),
        output: UpsertOutput,
      };
    },
  },
  async run(ctx) {
    const { object, externalIdField, externalId, record } = ctx.input;
    // The matched field goes in the URL, not the body (§16).
    const body = Object.fromEntries(Object.entries(record).filter(([key]) => key !== externalIdField));
    const res = await ctx.http.request({ method: 'PATCH', path: `sobjects/${segment(object)}/${segment(externalIdField)}/${segment(externalId)}`, body });
    if (res.status >= 400) throw salesforceError(res, `upserting a ${object}`);
    if (res.status === 300) {
      throw new AppError('Salesforce', 300, 'MULTIPLE_CHOICES', `Several ${object} records have ${externalIdField} = "${externalId}": make the field unique, or update by Id.`);
    }
    const answer = isRecord(res.body) ? res.body : {};
    return { id: typeof answer.id === 'string' ? answer.id : '', created: answer.created === true || res.status === 201 };
  },
});
