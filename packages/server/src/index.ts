export { buildServer, type BuildServerOptions } from './app.ts';
export { startPatchbay, type StartOptions, type RunningPatchbay } from './start.ts';
export { ensureAdminToken, hashToken } from './auth/tokens.ts';
export { adminTokenPath, ADMIN_TOKEN_FILE } from './auth/startup-token.ts';
export { builtInConnectors } from './registry.ts';
