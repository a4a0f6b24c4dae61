import { bearerAuth } from '../auth/bearer-hook.ts';
import { numericQuery } from '../http/query.ts';
import type { App, RegisterRoute, RouteDeps } from '../types.ts';
import { registerAuthorizeConnectionRoute } from './connections/authorize.ts';
import { registerCreateConnectionRoute } from './connections/create.ts';
import { registerDeleteConnectionRoute } from './connections/delete.ts';
import { registerDisconnectConnectionRoute } from './connections/disconnect.ts';
import { registerGetConnectionRoute } from './connections/get.ts';
import { registerListConnectionsRoute } from './connections/list.ts';
import { registerPicklistRoute } from './connections/picklist.ts';
import { registerRunActionRoute } from './connections/run-action.ts';
import { registerSchemaRoute } from './connections/schema.ts';
import { registerTestConnectionRoute } from './connections/test.ts';
import { registerUpdateConnectionRoute } from './connections/update.ts';
import { registerGetConnectorRoute } from './connectors/get.ts';
import { registerListConnectorsRoute } from './connectors/list.ts';
import { registerHealthRoute } from './health.ts';
import { registerGetJobRoute } from './jobs/get.ts';
import { registerJobStatsRoute } from './jobs/stats.ts';
import { registerCancelJobRoute } from './jobs/cancel.ts';
import { registerListJobsRoute } from './jobs/list.ts';
import { registerRerunJobRoute } from './jobs/rerun.ts';
import { registerListNotificationsRoute } from './notifications/list.ts';
import { registerOAuthCallbackRoute } from './oauth/callback.ts';
import { registerBindRecipeRoute } from './recipes/bind.ts';
import { registerCreateRecipeRoute } from './recipes/create.ts';
import { registerDeleteRecipeRoute } from './recipes/delete.ts';
import { registerExportRecipeRoute } from './recipes/export.ts';
import { registerGetRecipeRoute } from './recipes/get.ts';
import { registerImportRecipeRoute } from './recipes/import.ts';
import { registerListRecipeJobsRoute } from './recipes/jobs.ts';
import { registerListRecipesRoute } from './recipes/list.ts';
import { registerStartRecipeRoute } from './recipes/start.ts';
import { registerStopRecipeRoute } from './recipes/stop.ts';
import { registerUpdateRecipeRoute } from './recipes/update.ts';
import { registerRecipeVersionRoute } from './recipes/version.ts';
import { registerRecipeVersionsRoute } from './recipes/versions.ts';
import { registerWebhookRoute } from './webhooks/trigger.ts';

/** Every route under /api/v1 needs a bearer token. */
const API_V1_ROUTES: RegisterRoute[] = [
  registerListConnectorsRoute,
  registerGetConnectorRoute,
  registerListConnectionsRoute,
  registerCreateConnectionRoute,
  registerGetConnectionRoute,
  registerUpdateConnectionRoute,
  registerDeleteConnectionRoute,
  registerTestConnectionRoute,
  registerDisconnectConnectionRoute,
  registerAuthorizeConnectionRoute,
  registerPicklistRoute,
  registerSchemaRoute,
  registerRunActionRoute,
  registerListRecipesRoute,
  registerCreateRecipeRoute,
  registerImportRecipeRoute,
  registerGetRecipeRoute,
  registerUpdateRecipeRoute,
  registerDeleteRecipeRoute,
  registerBindRecipeRoute,
  registerStartRecipeRoute,
  registerStopRecipeRoute,
  registerRecipeVersionsRoute,
  registerRecipeVersionRoute,
  registerExportRecipeRoute,
  registerListRecipeJobsRoute,
  registerListJobsRoute,
  // Before /jobs/{id}, so that "stats" is never read as a job id.
  registerJobStatsRoute,
  registerGetJobRoute,
  registerRerunJobRoute,
  registerCancelJobRoute,
  registerListNotificationsRoute,
];

/**
 * Public: health for probes, the OAuth callback (bound by its single-use state instead of a token),
 * webhooks (the unguessable token in their URL is the credential).
 */
const PUBLIC_ROUTES: RegisterRoute[] = [registerHealthRoute, registerOAuthCallbackRoute, registerWebhookRoute];

export async function registerRoutes(app: App, deps: RouteDeps): Promise<void> {
  for (const register of PUBLIC_ROUTES) register(app, deps);
  await app.register(
    async (api) => {
      api.addHook('onRequest', bearerAuth(deps.store));
      // `?limit=` and `?hours=` are numbers to their schemas; query strings are text until this hook.
      api.addHook('preValidation', numericQuery);
      for (const register of API_V1_ROUTES) register(api, deps);
    },
    { prefix: '/api/v1' },
  );
}
