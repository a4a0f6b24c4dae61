import { createHttpConnection, exampleRecipe } from '../example-recipe.ts';
import type { TestServer } from '../test-server.ts';
import type { Pools } from './requests.ts';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (list: unknown, key: string): string[] => (Array.isArray(list) ? list.flatMap((item) => (isObject(item) && typeof item[key] === 'string' ? [item[key]] : [])) : []);

async function ok(server: TestServer, what: string, path: string, init: RequestInit & { json?: unknown } = {}): Promise<Record<string, unknown>> {
  const res = await server.api(path, init);
  if (res.status >= 300 || !isObject(res.body)) throw new Error(`contract test seeding: ${what} answered ${res.status} ${res.text}`);
  return res.body;
}

const tokenOf = (recipe: Record<string, unknown>) => (typeof recipe.webhookUrl === 'string' ? new URL(recipe.webhookUrl).pathname.split('/').at(-1) ?? '' : '');

/**
 * Real resources for the generated requests to name: an http connection to a live app (`appUrl`),
 * the example recipe bound to it and started, a second started recipe that needs no connection, and
 * a finished job. Made again after any request that may have deleted, stopped or changed them.
 */
export async function seedResources(server: TestServer, appUrl: string): Promise<Pools> {
  const connection = await createHttpConnection(server, 'Contract app', appUrl);
  const example = await ok(server, 'importing the example recipe', '/api/v1/recipes/import', { method: 'POST', json: exampleRecipe() });
  await ok(server, 'binding the example recipe', `/api/v1/recipes/${String(example.id)}/connections`, { method: 'PUT', json: { source: connection.id, target: connection.id } });
  const exampleStarted = await ok(server, 'starting the example recipe', `/api/v1/recipes/${String(example.id)}/start`, { method: 'POST' });
  const plain = await ok(server, 'creating a recipe', '/api/v1/recipes', {
    method: 'POST',
    json: { name: 'Contract marker', connections: {}, trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'last_step' } }, steps: [{ id: 'mark', type: 'set', values: { ok: true } }] },
  });
  const plainStarted = await ok(server, 'starting a recipe', `/api/v1/recipes/${String(plain.id)}/start`, { method: 'POST' });
  const fired = await server.api(`/webhooks/${tokenOf(plainStarted)}`, { method: 'POST', json: { seeded: true }, headers: { authorization: '' } });
  if (fired.status !== 200) throw new Error(`contract test seeding: the webhook answered ${fired.status} ${fired.text}`);
  const jobs = await ok(server, 'listing jobs', `/api/v1/jobs?recipe=${String(plain.id)}`);
  const connectors = await ok(server, 'listing connectors', '/api/v1/connectors');
  const views = Array.isArray(connectors.connectors) ? connectors.connectors : [];
  // Lists and actions of the seeded connection's connector: another connector's names are only 404s on it.
  const own = views.filter((v) => isObject(v) && v.key === connection.connector);
  return {
    connections: [connection.id],
    recipes: [String(example.id), String(plain.id)],
    jobs: strings(jobs.jobs, 'id'),
    webhooks: [tokenOf(exampleStarted), tokenOf(plainStarted)],
    connectors: strings(views, 'key'),
    picklists: own.flatMap((v) => (isObject(v) ? strings(v.picklists, 'name') : [])),
    actions: own.flatMap((v) => (isObject(v) ? strings(v.actions, 'name') : [])),
  };
}
