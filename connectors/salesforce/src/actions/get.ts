import { Type, defineAction } from '@patchbay/sdk';
import { call, plainRecord, segment } from '../api.ts';
import { connection } from '../connection.ts';
import { describeObject, readSchema } from '../describe.ts';
import { ObjectName, RecordId } from './inputs.ts';

const FieldList = Type.Array(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.]*$' }), { maxItems: 500, title: 'Fields', description: 'Field API names to return. Default: every field.' });

export const get = defineAction(connection, {
  title: 'Get record',
  description: 'Reads one record by id, with every field or the ones listed.',
  scopes: ['api'],
  input: Type.Object({ object: ObjectName, id: RecordId, fields: Type.Optional(FieldList) }, { additionalProperties: false }),
  output: Type.Record(Type.String(), Type.Unknown()),
  picklists: { object: 'objects' },
  dynamicSchema: {
    dependsOn: ['object'],
    async run(ctx) {
      const { fields } = await describeObject(ctx, ctx.config.object);
      return { output: readSchema(ctx.config.object, fields) };
    },
  },
  async run(ctx) {
    const { object, id, fields } = ctx.input;
    const query = fields && fields.length > 0 ? { fields: fields.join(',') } : undefined;
    const res = await call(ctx, { path: `sobjects/${segment(object)}/${segment(id)}`, query }, `reading ${object} ${id}`);
    return plainRecord(res.body);
  },
});
