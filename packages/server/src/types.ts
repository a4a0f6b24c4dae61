import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Engine } from '@patchbay/engine';
import type { Store } from '@patchbay/store';
import type { Actor, ConnectionService } from '@patchbay/vault';

/** The Fastify instance every route file receives: TypeBox schemas type `request` and `reply`. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** What routes may use. Routes never touch the store directly except for health and auth. */
export interface RouteDeps {
  service: ConnectionService;
  store: Store;
  /** Recipes, jobs, webhooks and notifications. */
  engine: Engine;
}

/** One route file = one function that registers one route. */
export type RegisterRoute = (app: App, deps: RouteDeps) => void;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the bearer-token hook on every /api/v1 route; null elsewhere. */
    actor: Actor | null;
  }
}
