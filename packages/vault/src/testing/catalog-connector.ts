import { Type, defineAction, defineConnection, defineConnector, definePicklist, type Fields } from '@patchbay/sdk';

/**
 * A small connector over the echo app for tests of design-time data: pick lists with and without
 * params, a dynamic schema built from what the app says an object's fields are (a scripted
 * `/objects/<name>/describe` answer `{ fields: [...] }`; the echo answer means just `Name`), scopes,
 * `discover` (the tenant id the app's `/tenant` gives goes into the base URL) and an operator default.
 */
const fields = {
  baseUrl: { type: 'url', label: 'Base URL', required: true },
  apiKey: { type: 'secret', label: 'API key', required: true, operatorDefault: true },
  scopes: { type: 'text', label: 'Scopes the app grants (space-separated)' },
} as const satisfies Fields;

const connection = defineConnection({
  fields,
  auth: { kind: 'apiKey', name: 'X-API-Key', value: (f) => f.apiKey },
  baseUrl: ({ fields: f, discovered }) => (discovered.tenant ? `${f.baseUrl}/t/${discovered.tenant}/` : `${f.baseUrl}/`),
  async discover(ctx) {
    const res = await ctx.http.request({ path: 'tenant' });
    const tenant = typeof res.body === 'object' && res.body !== null && 'tenant' in res.body && typeof res.body.tenant === 'string' ? res.body.tenant : 'none';
    return { tenant };
  },
  async test(ctx) {
    const res = await ctx.http.request({ path: 'me' });
    if (res.status !== 200) return { ok: false, message: `GET /me answered ${res.status}` };
  },
  identity: async (ctx) => ({ label: 'catalog user', scopes: (ctx.connection.scopes ?? 'read').split(' ').filter(Boolean) }),
});

/** The field names the app lists for an object: a scripted `{ fields: [...] }`, else just `Name`. */
function fieldNames(body: unknown): string[] {
  const listed = typeof body === 'object' && body !== null && 'fields' in body && Array.isArray(body.fields) ? body.fields : ['Name'];
  return listed.filter((name): name is string => typeof name === 'string');
}

const objects = definePicklist(connection, {
  title: 'Objects',
  async run(ctx) {
    await ctx.http.request({ path: 'objects' });
    return [{ value: 'Account', label: 'Account' }, { value: 'Invoice__c', label: 'Invoice' }];
  },
});

const objectFields = definePicklist(connection, {
  title: 'Fields',
  params: Type.Object({ object: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  async run(ctx) {
    const res = await ctx.http.request({ path: `objects/${encodeURIComponent(ctx.params.object)}/describe` });
    return fieldNames(res.body).map((name) => ({ value: name, label: `${ctx.params.object}.${name}` }));
  },
});

const create = defineAction(connection, {
  title: 'Create record',
  scopes: ['write'],
  input: Type.Object({ object: Type.String({ minLength: 1 }), record: Type.Record(Type.String(), Type.Unknown()) }, { additionalProperties: false }),
  picklists: { object: 'objects' },
  dynamicSchema: {
    dependsOn: ['object'],
    async run(ctx) {
      const res = await ctx.http.request({ path: `objects/${encodeURIComponent(ctx.config.object)}/describe` });
      const properties = Object.fromEntries(fieldNames(res.body).map((name) => [name, name === 'Name' ? Type.String({ title: name }) : Type.Optional(Type.Number({ title: name }))]));
      return {
        input: Type.Object({ object: Type.Literal(ctx.config.object), record: Type.Object(properties, { additionalProperties: false }) }, { additionalProperties: false }),
        output: Type.Object({ id: Type.String() }),
      };
    },
  },
  async run(ctx) {
    const res = await ctx.http.request({ method: 'POST', path: `objects/${encodeURIComponent(ctx.input.object)}`, body: ctx.input.record });
    return { id: 'rec-1', echoed: res.body };
  },
});

const read = defineAction(connection, {
  title: 'Read',
  scopes: [{ anyOf: ['read', 'catalog:read'] }],
  input: Type.Object({ path: Type.String() }, { additionalProperties: false }),
  run: async (ctx) => (await ctx.http.request({ path: ctx.input.path })).body,
});

export const catalogConnector = defineConnector({
  key: 'catalog',
  title: 'Catalog (test)',
  version: '1.0.0',
  connection,
  picklists: { objects, fields: objectFields },
  actions: { create, read },
});
