export { buildServer, type BuildServerOptions } from './app.ts';
export { startPatchbay, type StartOptions, type RunningPatchbay } from './start.ts';
export { startWorker, type WorkerOptions, type RunningWorker } from './worker.ts';
export { ensureAdminToken, hashToken } from './auth/tokens.ts';
export { adminTokenPath, ADMIN_TOKEN_FILE } from './auth/startup-token.ts';
export { CONNECTORS_DIR, loadConnectors } from './registry.ts';
export { liveOpenApiDocument } from './openapi-document.ts';
