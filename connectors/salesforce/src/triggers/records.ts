import { defineTrigger } from '@patchbay/sdk';
import { connection } from '../connection.ts';
import { describeObject, readSchema } from '../describe.ts';
import { PollInput, pollRecords } from './poll.ts';

const dynamicSchema = {
  dependsOn: ['object'],
  async run(ctx: Parameters<typeof describeObject>[0] & { config: { object: string } }) {
    const { fields } = await describeObject(ctx, ctx.config.object);
    return { output: readSchema(ctx.config.object, fields) };
  },
} as const;

export const newRecords = defineTrigger(connection, {
  title: 'New records',
  description: 'Runs once for each new record of the chosen object, oldest first.',
  kind: 'polling',
  scopes: ['api'],
  input: PollInput,
  picklists: { object: 'objects' },
  dynamicSchema,
  poll: (ctx) => pollRecords(ctx, 'CreatedDate'),
});

export const newOrUpdatedRecords = defineTrigger(connection, {
  title: 'New or updated records',
  description: 'Runs for each new record and each change of a record of the chosen object (including changes made by automation), oldest first.',
  kind: 'polling',
  scopes: ['api'],
  input: PollInput,
  picklists: { object: 'objects' },
  dynamicSchema,
  poll: (ctx) => pollRecords(ctx, 'SystemModstamp'),
});
