import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

/** PATCH /api/v1/connections/{id} with a field set to null: the stored value goes; a required one stays, with a 400. */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ workers: false });
});
afterAll(() => server?.stop());

async function createHttpConnection(fields: Record<string, unknown>): Promise<string> {
  const answer = await server.api('/api/v1/connections', { method: 'POST', json: { connector: 'http', name: 'Removal API', fields: { baseUrl: 'http://127.0.0.1:9/', ...fields } } });
  expect(answer.status, answer.text).toBe(201);
  return (answer.body as { id: string }).id;
}

const patch = (id: string, json: unknown) => server.api(`/api/v1/connections/${id}`, { method: 'PATCH', json });

describe('PATCH a connection with a field set to null', () => {
  it('removes an optional field, keeps the others, and GET shows it gone', async () => {
    const id = await createHttpConnection({ auth: 'basic', username: 'someone', password: 'pw', testPath: '/status' });
    const answer = await patch(id, { fields: { testPath: null } });
    expect(answer.status, answer.text).toBe(200);
    expect((answer.body as { fields: Record<string, unknown> }).fields).not.toHaveProperty('testPath');
    const read = await server.api(`/api/v1/connections/${id}`);
    expect(read.body).toMatchObject({ fields: { auth: 'basic', username: 'someone', baseUrl: 'http://127.0.0.1:9/' }, secretFieldsSet: ['password'] });
    expect((read.body as { fields: Record<string, unknown> }).fields).not.toHaveProperty('testPath');
  });

  it('refuses to remove a required field (400 naming it) and changes nothing', async () => {
    const id = await createHttpConnection({ auth: 'basic', username: 'someone', password: 'pw', testPath: '/status' });
    const answer = await patch(id, { fields: { baseUrl: null, testPath: null } });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error: { code: 'invalid_input', message: expect.stringContaining('fields.baseUrl'), details: [{ path: 'fields.baseUrl', message: 'is required: it cannot be removed' }] },
    });
    // Required by the chosen auth option (basic needs a username).
    const byOption = await patch(id, { fields: { username: null } });
    expect(byOption.status).toBe(400);
    expect(byOption.body).toMatchObject({ error: { details: [{ path: 'fields.username', message: 'is required: it cannot be removed' }] } });
    const read = await server.api(`/api/v1/connections/${id}`);
    expect(read.body).toMatchObject({ fields: { baseUrl: 'http://127.0.0.1:9/', username: 'someone', testPath: '/status' } });
  });

  it('says so in the OpenAPI document', async () => {
    const doc = await server.api('/api/openapi.json');
    expect(JSON.stringify(doc.body)).toContain('A field set to null loses its stored value');
  });
});
