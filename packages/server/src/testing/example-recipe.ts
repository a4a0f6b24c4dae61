import type { ConnectionView } from '@patchbay/vault';
import type { TestServer } from './test-server.ts';

/**
 * The example recipe of the recipes issue, byte for byte as it is published: tests outside this
 * repository import exactly this shape, so it must import as it is and export unchanged.
 */
export const EXAMPLE_RECIPE_JSON = `{
  "name": "Mirror new accounts into the sandbox",
  "connections": {
    "source": { "connector": "http" },
    "target": { "connector": "http" }
  },
  "trigger": { "connector": "webhook", "trigger": "webhook", "input": { "response": "last_step" } },
  "steps": [
    { "id": "lookup", "slot": "source", "action": "request",
      "input": { "method": "GET", "path": "/accounts/{{ trigger.body.accountId }}" } },
    { "id": "copy", "slot": "target", "action": "request",
      "input": { "method": "POST", "path": "/accounts",
                 "body": { "name": "{{ steps.lookup.output.body.name }}", "origin": "{{ trigger.body.accountId }}" } } }
  ]
}`;

export function exampleRecipe(): Record<string, unknown> {
  return JSON.parse(EXAMPLE_RECIPE_JSON) as Record<string, unknown>;
}

/** An http connection without credentials to `baseUrl`, created through the API. */
export async function createHttpConnection(server: TestServer, name: string, baseUrl: string): Promise<ConnectionView> {
  const created = await server.api('/api/v1/connections', { method: 'POST', json: { connector: 'http', name, fields: { auth: 'none', baseUrl } } });
  if (created.status !== 201) throw new Error(`creating connection ${name}: ${created.status} ${created.text}`);
  return created.body as ConnectionView;
}
