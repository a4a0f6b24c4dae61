import { Secret } from '@patchbay/core';
import Type from 'typebox';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { defineConnector } from './connector.ts';
import type { Fields } from './fields.ts';
import { describeConnector, fieldsSchema } from './schema.ts';

const fields = {
  subdomain: { type: 'text', label: 'Subdomain', required: true, help: 'The part before .acme.test' },
  environment: {
    type: 'select',
    label: 'Environment',
    required: true,
    default: 'production',
    options: [
      { value: 'production', label: 'Production' },
      { value: 'sandbox', label: 'Sandbox' },
    ],
  },
  site: { type: 'url', label: 'Site URL' },
  apiKey: { type: 'secret', label: 'API key' },
  retries: { type: 'number', label: 'Retries', minimum: 0, maximum: 5, default: 2 },
  verbose: { type: 'boolean', label: 'Verbose' },
} satisfies Fields;

/** Instance paths that Value.Errors reports, to assert which field a rejection points at. */
const errorPaths = (schema: ReturnType<typeof fieldsSchema>, value: unknown) => [...new Set([...Value.Errors(schema, value)].map((e) => e.instancePath))];

describe('fieldsSchema', () => {
  const schema = fieldsSchema(fields);

  it('requires only required fields without a default', () => {
    expect(schema).toHaveProperty('required', ['subdomain']);
    expect(Value.Check(schema, { subdomain: 'acme' })).toBe(true);
    expect(Value.Check(schema, {})).toBe(false);
    expect(errorPaths(schema, {})).toEqual(['']);
  });

  it('allows only the values of a select', () => {
    expect(Value.Check(schema, { subdomain: 'acme', environment: 'sandbox' })).toBe(true);
    expect(errorPaths(schema, { subdomain: 'acme', environment: 'staging' })).toEqual(['/environment']);
  });

  it.each(['javascript:alert(1)', 'ftp://files.acme.test', 'https://acme.test/a b'])('rejects the url %s', (site) => {
    expect(errorPaths(schema, { subdomain: 'acme', site })).toEqual(['/site']);
  });

  it('accepts http(s) urls', () => {
    expect(Value.Check(schema, { subdomain: 'acme', site: 'https://acme.atlassian.net/wiki' })).toBe(true);
    expect(Value.Check(schema, { subdomain: 'acme', site: 'http://127.0.0.1:8080' })).toBe(true);
  });

  it('marks secrets writeOnly and refuses an empty one', () => {
    expect(schema).toMatchObject({ properties: { apiKey: { type: 'string', writeOnly: true } } });
    expect(schema).not.toHaveProperty('properties.subdomain.writeOnly');
    expect(errorPaths(schema, { subdomain: 'acme', apiKey: '' })).toEqual(['/apiKey']);
  });

  it('checks types and number bounds', () => {
    expect(errorPaths(schema, { subdomain: 'acme', retries: 9 })).toEqual(['/retries']);
    expect(errorPaths(schema, { subdomain: 'acme', verbose: 'yes' })).toEqual(['/verbose']);
  });

  it('rejects properties that are not fields', () => {
    expect(schema).toHaveProperty('additionalProperties', false);
    expect(Value.Check(schema, { subdomain: 'acme', extra: 1 })).toBe(false);
  });

  it('partial makes every field optional but still checks values', () => {
    const partial = fieldsSchema(fields, { partial: true });
    expect(partial).not.toHaveProperty('required');
    expect(Value.Check(partial, {})).toBe(true);
    expect(Value.Check(partial, { environment: 'staging' })).toBe(false);
    expect(Value.Check(partial, { extra: 1 })).toBe(false);
    // The full schema, asked for again after the partial one, is still the full one.
    expect(Value.Check(fieldsSchema(fields), {})).toBe(false);
  });
});

const acme = defineConnector({
  key: 'acme',
  title: 'Acme',
  version: '1.2.0',
  connection: {
    fields: {
      subdomain: { type: 'text', label: 'Subdomain', required: true },
      authMethod: {
        type: 'select',
        label: 'Authentication',
        default: 'apiKey',
        options: [
          { value: 'apiKey', label: 'API key' },
          { value: 'basic', label: 'Username and password' },
        ],
      },
      apiKey: { type: 'secret', label: 'API key' },
      username: { type: 'text', label: 'Username' },
      password: { type: 'secret', label: 'Password' },
    },
    auth: {
      kind: 'multi',
      field: 'authMethod',
      options: {
        apiKey: { auth: { kind: 'apiKey', name: 'X-API-Key', value: (f) => f.apiKey ?? new Secret('') }, requires: ['apiKey'] },
        basic: {
          auth: { kind: 'basic', username: (f) => f.username ?? '', password: (f) => f.password ?? new Secret('') },
          requires: ['username', 'password'],
        },
      },
    },
    baseUrl: ({ fields: f }) => `https://${f.subdomain}.acme.test/api/`,
    test: async () => ({ ok: true }),
  },
  actions: {
    getTicket: {
      title: 'Get a ticket',
      input: Type.Object({ id: Type.String() }),
      run: async (ctx) => ctx.http.request({ path: `tickets/${ctx.input.id}` }),
    },
  },
});

function functionPaths(value: unknown, path = '$'): string[] {
  if (typeof value === 'function') return [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => functionPaths(v, `${path}.${key}`));
}

describe('describeConnector', () => {
  const description = describeConnector(acme);

  it('lists fields with their type, label, default and options', () => {
    expect(description.fields.map((f) => [f.name, f.type, f.label, f.required, f.default])).toEqual([
      ['subdomain', 'text', 'Subdomain', true, null],
      ['authMethod', 'select', 'Authentication', false, 'apiKey'],
      ['apiKey', 'secret', 'API key', false, null],
      ['username', 'text', 'Username', false, null],
      ['password', 'secret', 'Password', false, null],
    ]);
    expect(description.fields[1]?.options).toEqual([
      { value: 'apiKey', label: 'API key' },
      { value: 'basic', label: 'Username and password' },
    ]);
    expect(description.fields[0]?.options).toBeNull();
    expect(description.fieldsSchema).toHaveProperty('properties.password.writeOnly', true);
  });

  it('lists the auth kinds of a multi auth with the fields each requires', () => {
    expect(description.auth).toEqual({
      selectedBy: 'authMethod',
      kinds: [
        { option: 'apiKey', kind: 'apiKey', requires: ['apiKey'], optional: [] },
        { option: 'basic', kind: 'basic', requires: ['username', 'password'], optional: [] },
      ],
    });
  });

  it('lists actions with their input schemas', () => {
    expect(description.actions).toHaveLength(1);
    expect(description.actions[0]).toMatchObject({ name: 'getTicket', title: 'Get a ticket', description: null, outputSchema: null });
    expect(Value.Check(description.actions[0]!.inputSchema, { id: 'T-1' })).toBe(true);
    expect(Value.Check(description.actions[0]!.inputSchema, {})).toBe(false);
  });

  it('holds no functions and survives a JSON round trip unchanged', () => {
    expect(functionPaths(acme).length).toBeGreaterThan(0); // the connector itself is full of them
    expect(functionPaths(description)).toEqual([]);
    expect(JSON.parse(JSON.stringify(description))).toEqual(description);
  });
});
