import http from '@patchbay/connector-http';
import { Type, defineConnector, type Connector } from '@patchbay/sdk';
import type { Builtins, ConnectorLookup } from './slots.ts';

/**
 * Fixtures for tests of recipe definitions: the example recipe, the real HTTP connector,
 * a CRM-like connector with a polling trigger (one slot per recipe), and a utility connector that
 * needs no connection.
 */

/** The example recipe of the recipes issue, exactly as external tests use it. */
export function exampleRecipe() {
  return {
    name: 'Mirror new accounts into the sandbox',
    connections: {
      source: { connector: 'http' },
      target: { connector: 'http' },
    },
    trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'last_step' } },
    steps: [
      { id: 'lookup', slot: 'source', action: 'request', input: { method: 'GET', path: '/accounts/{{ trigger.body.accountId }}' } },
      {
        id: 'copy',
        slot: 'target',
        action: 'request',
        input: { method: 'POST', path: '/accounts', body: { name: '{{ steps.lookup.output.body.name }}', origin: '{{ trigger.body.accountId }}' } },
      },
    ],
  };
}

const crm = defineConnector({
  key: 'crm',
  title: 'CRM',
  version: '1.0.0',
  connection: {
    fields: { apiKey: { type: 'secret', label: 'API key', required: true } },
    auth: { kind: 'apiKey', name: 'X-API-Key', value: (f) => f.apiKey },
    baseUrl: () => 'https://crm.example.test/',
    test: async () => ({ ok: true }),
  },
  actions: {
    createRecord: { title: 'Create a record', input: Type.Object({ name: Type.String() }), run: async (ctx) => ctx.input },
  },
  triggers: {
    newRecord: { title: 'New record', kind: 'polling', input: Type.Object({}), poll: async () => ({ events: [], cursor: '' }) },
  },
});

const utils = defineConnector({
  key: 'utils',
  title: 'Utilities',
  version: '1.0.0',
  connection: { fields: {}, auth: { kind: 'none' }, baseUrl: () => 'http://127.0.0.1/', test: async () => ({ ok: true }) },
  actions: {
    wait: { title: 'Wait', input: Type.Object({ ms: Type.Integer() }), run: async () => ({}) },
  },
});

const installed = new Map<string, Connector>([http, crm, utils].map((c) => [c.key, c]));

export const connectors: ConnectorLookup = (key) => installed.get(key);

export const builtins: Builtins = {
  triggers: {
    webhook: { connector: 'webhook', trigger: 'webhook' },
    schedule: { connector: 'schedule', trigger: 'schedule' },
  },
  connectionless: ['webhook', 'schedule', 'utils'],
};
