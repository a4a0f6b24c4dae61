import type { AuthDef } from './auth.ts';
import type { ConnectorContext, Identity, TestResult } from './context.ts';
import type { Fields, PublicFieldValues } from './fields.ts';

/** What a connection's URLs are computed from: never a secret. */
export interface ConnectionSource<F extends Fields> {
  fields: PublicFieldValues<F>;
  tokenFields: Readonly<Record<string, string>>;
  /** Empty until `discover` has run (it runs before `test`, with this empty). */
  discovered: Readonly<Record<string, string>>;
}

export interface ConnectionDef<F extends Fields> {
  fields: F;
  auth: AuthDef<F>;
  /**
   * Where API requests go. Credentials are only ever sent to this URL's host and `extraHosts`.
   * @example ({ fields }) => `https://${fields.subdomain}.zendesk.com/api/v2/`
   */
  baseUrl: (source: ConnectionSource<F>) => string;
  /** Other hosts that may receive credentials. Default none. */
  extraHosts?: (source: ConnectionSource<F>) => string[];
  /**
   * Learns what the URLs need from the app itself, each time the connection is verified (connect,
   * test, recipe start), before `test`: e.g. the Jira cloud id a grant reaches. Kept with the
   * connection (not secret) and passed to `baseUrl` and connector code as `discovered`.
   * Default: nothing to learn.
   */
  discover?: (ctx: ConnectorContext<F>) => Promise<Record<string, string>>;
  /** Runs at connect time, on demand and on recipe start. Throw or return `{ ok: false }` to fail. */
  test: (ctx: ConnectorContext<F>) => Promise<TestResult | void>;
  /** The integration user. Default: none shown. */
  identity?: (ctx: ConnectorContext<F>) => Promise<Identity>;
  /**
   * A stable key of the app instance (org id, site URL, host+database). Re-authorising a connection
   * into a different instance is refused unless confirmed. Default: none (no instance check).
   */
  instance?: (ctx: ConnectorContext<F>) => Promise<string>;
}

/**
 * Declares a connection on its own, so that actions, triggers and pick lists in other files are
 * typed from its fields: `defineAction(connection, { … })`.
 */
export function defineConnection<const F extends Fields>(def: ConnectionDef<F>): ConnectionDef<F> {
  return def;
}
