import type { Connector, PicklistOption, PollResult } from '@patchbay/sdk';
import type { Logger, Page, PageRequest } from '@patchbay/core';
import type { Store } from '@patchbay/store';
import type { KeyRing } from '../crypto/keyring.ts';
import type { MemberSchemas, SchemaRequest } from './design.ts';
import type {
  Actor,
  AuthorizeInput,
  ConnectionView,
  CreateConnectionInput,
  TestResultView,
  UpdateConnectionInput,
} from './view.ts';

export interface ConnectionServiceOptions {
  store: Store;
  keys: KeyRing;
  connectors: readonly Connector[];
  logger: Logger;
  /** `${PATCHBAY_PUBLIC_URL}/oauth/callback`, exactly. */
  redirectUri: string;
  /**
   * Hosts whose OAuth endpoints may be plain http:// besides loopback ones (127.0.0.0/8, [::1],
   * localhost, which never leave the machine): `PATCHBAY_ALLOW_HTTP_HOSTS`. Default none.
   */
  allowHttpHosts?: readonly string[];
  /** `PATCHBAY_*` environment variables: operator defaults of fields (`PATCHBAY_<KEY>_<FIELD>`). Default none. */
  operatorEnv?: Readonly<Record<string, string | undefined>>;
  /**
   * How long a connection read from the database is used by calls without reading it again, when
   * another process may change it (changes made through this service are seen at once). Default
   * 1000 ms; see connections/cache.ts.
   */
  connectionCacheMs?: number;
}

/** What the OAuth callback page shows and posts to its opener. */
export interface CallbackResult {
  ok: boolean;
  connectionId: string | null;
  /** Safe to show: never contains secrets or raw provider text beyond the error code. */
  message: string;
  code: string | null;
  /** Where the page may post its result; null: show it only. */
  openerOrigin: string | null;
  /**
   * A path of this site (checked at /authorize) to send the browser back to when the page has no
   * opener: the authorisation ran in the whole page. Null: show the result only.
   */
  returnTo: string | null;
}

/**
 * The life of a connection: create, test, authorise, use, disconnect, delete.
 * Every method is scoped to the actor's workspace; unknown ids throw NotFoundError, bad input
 * InvalidInputError, so the HTTP layer only maps errors to responses.
 */
export interface ConnectionService {
  connectors(): readonly Connector[];
  /** Throws NotFoundError for an unknown key. */
  connector(key: string): Connector;
  /** Oldest first, by (created_at, id), a page at a time; a connection created meanwhile appears on the last page. */
  list(actor: Actor, page: PageRequest): Promise<Page<ConnectionView>>;
  get(actor: Actor, id: string): Promise<ConnectionView>;
  create(actor: Actor, input: CreateConnectionInput): Promise<ConnectionView>;
  update(actor: Actor, id: string, input: UpdateConnectionInput): Promise<ConnectionView>;
  remove(actor: Actor, id: string): Promise<void>;
  test(actor: Actor, id: string): Promise<TestResultView>;
  disconnect(actor: Actor, id: string): Promise<ConnectionView>;
  /** Starts OAuth2: returns the URL to open. 409 when the connection does not use OAuth2. */
  authorize(actor: Actor, id: string, input: AuthorizeInput): Promise<{ url: string }>;
  /** Completes OAuth2 from the provider's redirect. Never throws for provider or state errors. */
  handleCallback(query: Record<string, string | undefined>): Promise<CallbackResult>;
  /**
   * A design-time list through the connection, cached per connection and `params` (`refresh`
   * fetches again). 409 `connection_required` when not connected; 404 for an unknown list; 400 for
   * params the list does not take.
   */
  picklist(actor: Actor, id: string, name: string, params: Record<string, string>, options?: { refresh?: boolean }): Promise<PicklistOption[]>;
  /**
   * Input and output schemas of an action or trigger for a configuration (the inputs its dynamic
   * schema depends on), computed through the connection and cached like pick lists.
   */
  schemas(actor: Actor, id: string, request: SchemaRequest, options?: { refresh?: boolean }): Promise<MemberSchemas>;
  /**
   * Runs one action now; 400 when the input does not match the action's schema. `idempotencyKey`
   * reaches the action as `ctx.idempotencyKey` (a job passes one per step execution); without one,
   * the run gets a fresh random key. An error after a write whose outcome is unknown (a POST
   * answered 5xx without an idempotency key) is marked `unsafeToRepeat`.
   */
  runAction(actor: Actor, id: string, action: string, input: unknown, options?: { idempotencyKey?: string }): Promise<unknown>;
  /** Polls a connector trigger through the connection (the engine's polling scheduler). */
  poll(actor: Actor, id: string, trigger: string, input: unknown, state: { cursor: string | undefined; since: string | undefined }): Promise<PollResult>;
  /** Marks a connection failing with a reason (e.g. a trigger that keeps failing authentication). */
  markFailing(actor: Actor, id: string, reason: string): Promise<void>;
}
