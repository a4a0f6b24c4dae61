import { Type, definePicklist } from '@patchbay/sdk';
import { connection } from './connection.ts';
import { describeObject, listObjects } from './describe.ts';

const ObjectParam = Type.Object({ object: Type.String({ minLength: 1, maxLength: 100, description: 'Object API name, e.g. Account or Invoice__c.' }) }, { additionalProperties: false });

export const objects = definePicklist(connection, {
  title: 'Objects',
  async run(ctx) {
    const list = await listObjects(ctx);
    return list.filter((o) => o.queryable).map((o) => ({ value: o.name, label: `${o.label} (${o.name})` }));
  },
});

export const fields = definePicklist(connection, {
  title: 'Fields of an object',
  params: ObjectParam,
  async run(ctx) {
    const { fields: list } = await describeObject(ctx, ctx.params.object);
    return list.map((f) => ({ value: f.name, label: `${f.label} (${f.name})` }));
  },
});

/** Fields an upsert can match on: external ids, and `Id` itself (§16). */
export const externalIdFields = definePicklist(connection, {
  title: 'External id fields of an object',
  params: ObjectParam,
  async run(ctx) {
    const { fields: list } = await describeObject(ctx, ctx.params.object);
    return [{ value: 'Id', label: 'Record ID (Id)' }, ...list.filter((f) => f.externalId).map((f) => ({ value: f.name, label: `${f.label} (${f.name})` }))];
  },
});
