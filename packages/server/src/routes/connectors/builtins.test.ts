import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const recipe = (trigger: unknown) => ({ name: 'built-in trigger', connections: {}, trigger, steps: [{ id: 'noop', type: 'set', values: { ok: true } }] });

describe('the built-in triggers are discoverable and checked by their schemas', () => {
  it('GET /connectors lists webhook and schedule beside the connectors, needing no connection', async () => {
    const res = await server.api('/api/v1/connectors');
    const connectors = (res.body as { connectors: { key: string; needsConnection: boolean }[] }).connectors;
    expect(connectors).toEqual(expect.arrayContaining([
      expect.objectContaining({ key: 'webhook', needsConnection: false }),
      expect.objectContaining({ key: 'schedule', needsConnection: false }),
      expect.objectContaining({ key: 'http', needsConnection: true }),
    ]));
  });

  it('GET /connectors/webhook and /schedule describe their triggers and inputs', async () => {
    const webhook = await server.api('/api/v1/connectors/webhook');
    expect(webhook.status).toBe(200);
    expect(webhook.body).toMatchObject({
      key: 'webhook',
      triggers: [{ name: 'webhook', kind: 'webhook', inputSchema: { properties: { response: { title: 'Response', anyOf: [{ const: 'accepted', title: 'Accepted: answer 202 at once' }, { const: 'last_step' }] }, timeoutMs: { title: 'Timeout (ms)', maximum: 30000 } } } }],
    });
    const schedule = await server.api('/api/v1/connectors/schedule');
    expect(schedule.body).toMatchObject({ key: 'schedule', triggers: [{ name: 'cron', kind: 'schedule', inputSchema: { required: ['cron'], properties: { cron: { title: 'Schedule (cron)' }, timezone: { type: 'string', title: 'Time zone' } } } }] });
  });

  it('refuses trigger settings the schemas do not allow, naming each', async () => {
    const cases: [unknown, string][] = [
      [{ connector: 'webhook', trigger: 'webhook', input: { response: 'later' } }, 'trigger.input.response'],
      [{ connector: 'webhook', trigger: 'webhook', input: { timeoutMs: 0 } }, 'trigger.input.timeoutMs'],
      [{ connector: 'webhook', trigger: 'webhook', input: { respond: 'accepted' } }, 'trigger.input.respond'],
      [{ connector: 'schedule', trigger: 'cron', input: {} }, 'trigger.input.cron'],
      [{ connector: 'schedule', trigger: 'cron', input: { cron: '0 9 * * *', timezone: 'Mars/Olympus' } }, 'trigger.input.cron'],
    ];
    for (const [trigger, path] of cases) {
      const res = await server.api('/api/v1/recipes', { method: 'POST', json: recipe(trigger) });
      expect(res.status, JSON.stringify(trigger)).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_input', details: [expect.objectContaining({ path })] } });
    }
    const ok = await server.api('/api/v1/recipes', { method: 'POST', json: recipe({ connector: 'schedule', trigger: 'cron', input: { cron: '0 9 * * 1-5', timezone: 'Europe/Paris' } }) });
    expect(ok.status, ok.text).toBe(201);
  });
});
