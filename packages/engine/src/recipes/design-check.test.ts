import { type EchoApp, catalogConnector, startEchoApp } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, startEngine } from '../testing/engine-harness.ts';

const KEY = 'catalog-key-9d1f';

let h: EngineHarness;
let app: EchoApp;

beforeAll(async () => {
  h = await startEngine({ connectors: [catalogConnector] });
  app = await startEchoApp({ apiKey: { header: 'X-API-Key', value: KEY } });
});
afterAll(async () => {
  await app.close();
  await h.close();
});

async function connection(scopes: string) {
  return h.vault.service.create(h.vault.actor, { connector: 'catalog', name: `granted ${scopes}`, fields: { baseUrl: app.url, apiKey: KEY, scopes } });
}

function recipe(steps: unknown[]) {
  return {
    name: 'design check',
    connections: { app: { connector: 'catalog' } },
    trigger: { connector: 'webhook', trigger: 'webhook' },
    steps,
  };
}

async function boundRecipe(steps: unknown[], scopes = 'read write') {
  const conn = await connection(scopes);
  const created = await h.engine.recipes.create(h.vault.actor, recipe(steps));
  return h.engine.recipes.bind(h.vault.actor, created.id, { app: conn.id });
}

describe('scopes per slot', () => {
  it('lists the scopes a slot’s steps need that its connection lacks, and refuses to start', async () => {
    const view = await boundRecipe([{ id: 'make', slot: 'app', action: 'create', input: { object: 'Account', record: { Name: 'x' } } }], 'read');
    expect(view.connections).toEqual([expect.objectContaining({ slot: 'app', ready: false, missingScopes: ['write'] })]);
    await expect(h.engine.recipes.start(h.vault.actor, view.id, {})).rejects.toMatchObject({
      code: 'connections_required',
      status: 409,
      details: [expect.objectContaining({ slot: 'app', missingScopes: ['write'] })],
    });
  });

  it('is ready when every needed scope was granted, one of several alternatives being enough', async () => {
    const view = await boundRecipe([{ id: 'look', slot: 'app', action: 'read', input: { path: '/x' } }], 'read');
    expect(view.connections[0]).toMatchObject({ ready: true, missingScopes: [] });
    const narrower = await boundRecipe([{ id: 'look', slot: 'app', action: 'read', input: { path: '/x' } }], 'catalog:read');
    expect(narrower.connections[0]).toMatchObject({ ready: true, missingScopes: [] });
    const neither = await boundRecipe([{ id: 'look', slot: 'app', action: 'read', input: { path: '/x' } }], 'other');
    expect(neither.connections[0]).toMatchObject({ ready: false, missingScopes: ['read or catalog:read'] });
  });
});

describe('steps checked against dynamic schemas at start', () => {
  it('refuses fields the app does not have and missing required ones, naming each step', async () => {
    const view = await boundRecipe([
      { id: 'good', slot: 'app', action: 'create', input: { object: 'Account', record: { Name: '{{ trigger.body.name }}' } } },
      { id: 'bad', slot: 'app', action: 'create', input: { object: 'Account', record: { Bogus__c: 1 } } },
    ]);
    await expect(h.engine.recipes.start(h.vault.actor, view.id, {})).rejects.toMatchObject({
      code: 'steps_invalid',
      status: 409,
      details: expect.arrayContaining([
        { path: 'steps[1].input.record.Bogus__c', message: expect.stringMatching(/not an allowed property/) },
        { path: 'steps[1].input.record.Name', message: 'is required' },
      ]),
    });
  });

  it('accepts mappings anywhere, checks literal values, and skips steps whose configuration is a mapping', async () => {
    app.script('/t/none/objects/Invoice__c/describe', { status: 200, body: { fields: ['Name', 'Amount__c'] } });
    const ok = await boundRecipe([
      { id: 'whole', slot: 'app', action: 'create', input: { object: 'Invoice__c', record: '{{ trigger.body }}' } },
      { id: 'mapped', slot: 'app', action: 'create', input: { object: '{{ trigger.body.object }}', record: { Anything: true } } },
    ]);
    const started = await h.engine.recipes.start(h.vault.actor, ok.id, {});
    expect(started.status).toBe('running');
    await h.engine.recipes.stop(h.vault.actor, ok.id);

    // Another connection, so its own describe call: script it again.
    app.script('/t/none/objects/Invoice__c/describe', { status: 200, body: { fields: ['Name', 'Amount__c'] } });
    const wrongType = await boundRecipe([{ id: 'typed', slot: 'app', action: 'create', input: { object: 'Invoice__c', record: { Name: 'n', Amount__c: 'ten' } } }]);
    await expect(h.engine.recipes.start(h.vault.actor, wrongType.id, {})).rejects.toMatchObject({
      code: 'steps_invalid',
      details: [{ path: 'steps[0].input.record.Amount__c', message: expect.stringMatching(/number/) }],
    });
  });
});
