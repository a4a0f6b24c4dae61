import type { Connection, PatchbayClient, RequestBody } from '@patchbay/client';
import { call } from '../api-client.ts';
import { everyItem } from '../list-pages.ts';
import { DEMO_RECIPES, type DemoConnectionKey } from './recipes.ts';

/** Where an emulated app listens and the OAuth client Patchbay uses with it. */
export interface EmulatedApp {
  url: string;
  clientId: string;
  clientSecret: string;
}

export type DemoApps = Record<DemoConnectionKey, EmulatedApp>;

/** The connections of the original description: Salesforce production and sandbox, Zendesk, Jira. */
type ConnectionSpec = RequestBody<'createConnection'>;

function connectionSpecs(apps: DemoApps): Record<DemoConnectionKey, ConnectionSpec> {
  const oauth = (app: EmulatedApp) => ({ serverUrl: app.url, clientId: app.clientId, clientSecret: app.clientSecret });
  return {
    salesforceProduction: { connector: 'salesforce', name: 'Salesforce production', environment: 'production', fields: { environment: 'production', ...oauth(apps.salesforceProduction) } },
    salesforceSandbox: { connector: 'salesforce', name: 'Salesforce sandbox', environment: 'sandbox', fields: { environment: 'sandbox', ...oauth(apps.salesforceSandbox) } },
    zendesk: { connector: 'zendesk', name: 'Zendesk', fields: { auth: 'oauth2', subdomain: 'patchbay-demo', ...oauth(apps.zendesk) } },
    jira: { connector: 'jira', name: 'Jira', fields: { auth: 'oauth2', ...oauth(apps.jira) } },
  };
}

/**
 * Creates the demo connections, or points existing ones (a second run) at the emulators again.
 * They are left unauthorised: connecting is the user's step, as in the original description.
 */
export async function ensureConnections(api: PatchbayClient, apps: DemoApps): Promise<Record<DemoConnectionKey, Connection>> {
  const connections = await everyItem(async (query) => {
    const page = await call(api.GET('/api/v1/connections', { params: { query } }));
    return { items: page.connections, next: page.next };
  });
  const ensure = async (spec: ConnectionSpec): Promise<Connection> => {
    const existing = connections.find((c) => c.name === spec.name && c.connector === spec.connector);
    return existing
      ? call(api.PATCH('/api/v1/connections/{id}', { params: { path: { id: existing.id } }, body: { fields: spec.fields } }))
      : call(api.POST('/api/v1/connections', { body: spec }));
  };
  const specs = connectionSpecs(apps);
  return {
    salesforceProduction: await ensure(specs.salesforceProduction),
    salesforceSandbox: await ensure(specs.salesforceSandbox),
    zendesk: await ensure(specs.zendesk),
    jira: await ensure(specs.jira),
  };
}

/** Imports the three recipes (once) and binds their slots to the demo connections. Returns name → id. */
export async function ensureRecipes(api: PatchbayClient, connections: Record<DemoConnectionKey, Connection>): Promise<Record<string, string>> {
  const recipes = await everyItem(async (query) => {
    const page = await call(api.GET('/api/v1/recipes', { params: { query } }));
    return { items: page.recipes, next: page.next };
  });
  const ids: Record<string, string> = {};
  for (const { definition, bindings } of DEMO_RECIPES) {
    const recipe = recipes.find((r) => r.name === definition.name) ?? (await call(api.POST('/api/v1/recipes/import', { body: definition })));
    const slots = Object.fromEntries(Object.entries(bindings).map(([slot, key]) => [slot, connections[key].id]));
    await call(api.PUT('/api/v1/recipes/{id}/connections', { params: { path: { id: recipe.id } }, body: slots }));
    ids[definition.name] = recipe.id;
  }
  return ids;
}

/**
 * Starts each demo recipe once all its slots are connected (the user connects them one by one), and
 * reports it. Returns what stops the watch.
 */
export function startRecipesWhenConnected(api: PatchbayClient, recipeIds: readonly string[], report: (line: string) => void, everyMs = 1000): () => void {
  const handled = new Set<string>();
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      for (const id of recipeIds.filter((r) => !handled.has(r))) {
        const recipe = await call(api.GET('/api/v1/recipes/{id}', { params: { path: { id } } }));
        if (recipe.status === 'running') {
          handled.add(id);
          continue;
        }
        if (!recipe.connections.every((slot) => slot.ready)) continue;
        handled.add(id);
        await call(api.POST('/api/v1/recipes/{id}/start', { params: { path: { id } }, body: { since: 'now' } }))
          .then(() => report(`Started "${recipe.name}": its connections are connected.`))
          .catch((err: unknown) => report(`Could not start "${recipe.name}": ${err instanceof Error ? err.message : String(err)}`));
      }
    } catch (err) {
      report(`Checking the demo recipes failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  void tick();
  return () => clearInterval(timer);
}
