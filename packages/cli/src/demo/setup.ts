import type { RecipeSummary, RecipeView } from '@patchbay/engine';
import type { ConnectionView } from '@patchbay/vault';
import type { ApiClient } from '../api-client.ts';
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
interface ConnectionSpec {
  connector: string;
  name: string;
  environment?: string;
  fields: Record<string, unknown>;
}

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
export async function ensureConnections(api: ApiClient, apps: DemoApps): Promise<Record<DemoConnectionKey, ConnectionView>> {
  const connections = await everyItem<'connections', ConnectionView>(api, '/api/v1/connections', 'connections');
  const ensure = async (spec: ConnectionSpec): Promise<ConnectionView> => {
    const existing = connections.find((c) => c.name === spec.name && c.connector === spec.connector);
    return existing
      ? api.request<ConnectionView>('PATCH', `/api/v1/connections/${existing.id}`, { fields: spec.fields })
      : api.request<ConnectionView>('POST', '/api/v1/connections', spec);
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
export async function ensureRecipes(api: ApiClient, connections: Record<DemoConnectionKey, ConnectionView>): Promise<Record<string, string>> {
  const recipes = await everyItem<'recipes', RecipeSummary>(api, '/api/v1/recipes', 'recipes');
  const ids: Record<string, string> = {};
  for (const { definition, bindings } of DEMO_RECIPES) {
    const recipe = recipes.find((r) => r.name === definition.name) ?? (await api.request<RecipeView>('POST', '/api/v1/recipes/import', definition));
    const slots = Object.fromEntries(Object.entries(bindings).map(([slot, key]: [string, DemoConnectionKey]) => [slot, connections[key].id]));
    await api.request<RecipeView>('PUT', `/api/v1/recipes/${recipe.id}/connections`, slots);
    ids[definition.name] = recipe.id;
  }
  return ids;
}

/**
 * Starts each demo recipe once all its slots are connected (the user connects them one by one), and
 * reports it. Returns what stops the watch.
 */
export function startRecipesWhenConnected(api: ApiClient, recipeIds: readonly string[], report: (line: string) => void, everyMs = 1000): () => void {
  const handled = new Set<string>();
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      for (const id of recipeIds.filter((r) => !handled.has(r))) {
        const recipe = await api.request<RecipeView>('GET', `/api/v1/recipes/${id}`);
        if (recipe.status === 'running') {
          handled.add(id);
          continue;
        }
        if (!recipe.connections.every((slot) => slot.ready)) continue;
        handled.add(id);
        await api
          .request<RecipeView>('POST', `/api/v1/recipes/${id}/start`, { since: 'now' })
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
