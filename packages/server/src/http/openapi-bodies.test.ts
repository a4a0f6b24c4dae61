import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

interface Document {
  paths: Record<string, Record<string, { operationId?: string; requestBody?: { required?: boolean }; 'x-optional-body'?: unknown }>>;
}

/** The operations whose body may be left out: the server treats a missing body as {}. */
const OPTIONAL = ['testConnection', 'disconnectConnection', 'authorizeConnection', 'startRecipe', 'stopRecipe', 'rerunJob', 'cancelJob', 'triggerWebhook', 'triggerWebhookPut', 'triggerWebhookPatch'];

describe('request bodies in the OpenAPI document', () => {
  it('marks the optional ones as not required, and every other one as required', async () => {
    const doc = (await server.api('/api/openapi.json')).body as Document;
    const operations = Object.values(doc.paths).flatMap((ops) => Object.values(ops));
    for (const id of OPTIONAL) {
      const op = operations.find((o) => o.operationId === id);
      expect(op?.requestBody, id).toBeDefined();
      expect(op?.requestBody?.required, id).toBe(false);
      expect(op?.['x-optional-body'], id).toBeUndefined();
    }
    for (const op of operations.filter((o) => o.requestBody && !OPTIONAL.includes(o.operationId ?? ''))) {
      expect(op.requestBody?.required, op.operationId).toBe(true);
    }
  });

  it('the optional ones do accept a request without a body', async () => {
    const created = await server.api('/api/v1/connections', { method: 'POST', json: { connector: 'http', name: 'x', fields: { baseUrl: 'http://127.0.0.1:9' } } });
    const id = (created.body as { id: string }).id;
    const tested = await server.api(`/api/v1/connections/${id}/test`, { method: 'POST' });
    expect(tested.status, tested.text).toBe(200);
    const extra = await server.api(`/api/v1/connections/${id}/test`, { method: 'POST', json: { unexpected: true } });
    expect(extra.status).toBe(400);
    // A JSON null is a body, and not the object the document describes.
    const nullBody = await server.api(`/api/v1/connections/${id}/test`, { method: 'POST', json: null });
    expect([nullBody.status, (nullBody.body as { error?: { code?: string } }).error?.code]).toEqual([400, 'invalid_input']);
  });
});
