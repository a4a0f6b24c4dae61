export * from './connections/view.ts';
export type { ConnectionService, ConnectionServiceOptions, CallbackResult } from './connections/service.ts';
export type { MemberSchemas, SchemaRequest } from './connections/design.ts';
export { createConnectionService } from './connections/create-service.ts';
export { TokenManager, ConnectionUnusableError } from './tokens/manager.ts';
export { TokenEndpointError } from './oauth/flow.ts';
export { HostNotAllowedError } from './http/client.ts';
export * from './crypto/index.ts';
