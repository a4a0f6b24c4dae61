// Test kit: real parts for Patchbay's tests (an OAuth 2.0 server with a protected resource, a
// browserless end-user for it, per-file PostgreSQL databases). Import it from tests only.
export {
  startOAuthServer,
  type GrantCounter,
  type OAuthServer,
  type OAuthServerOptions,
  type TokenEndpointAuthMethod,
} from './oauth-server.ts';
export { completeAuthorization, type CompleteAuthorizationOptions } from './authorize.ts';
export { createTestDatabase, describeWithPostgres, testDatabaseUrl, type TestDatabase } from './postgres.ts';
export { sleep, waitFor } from './wait.ts';
export { thrownCode } from './errors.ts';
