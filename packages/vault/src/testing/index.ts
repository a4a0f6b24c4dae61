export * from './echo-app.ts';
export * from './harness.ts';
export * from './oauth-fixtures.ts';
export * from './flaky-proxy.ts';
export * from './catalog-connector.ts';
export * from './authorize-redirect.ts';
export { routeRequestsThrough } from '../http/transport.ts';
