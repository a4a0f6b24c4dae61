import type { Fields, PublicFieldValues } from './fields.ts';
import type { HttpClient } from './http.ts';

export interface ConnectorLog {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
}

/** What connector code receives: never the store, the master key or another connection. */
export interface ConnectorContext<F extends Fields> {
  /** The connection's non-secret fields. */
  connection: PublicFieldValues<F>;
  /** Token-response fields the auth declared to keep (e.g. Salesforce `instance_url`). */
  tokenFields: Readonly<Record<string, string>>;
  /** What `discover` learnt about the app instance when the connection was last verified (e.g. Jira's cloud id). */
  discovered: Readonly<Record<string, string>>;
  /** Scopes the app granted, when it says. */
  grantedScopes: readonly string[];
  http: HttpClient;
  log: ConnectorLog;
}

/** The integration user a connection is authorised as. */
export interface Identity {
  /** Shown as “connected as …”. @example 'integration@acme.com' */
  label: string;
  id?: string;
  /** Scopes or permissions, when the app reports them beside the token. */
  scopes?: string[];
}

export interface TestResult { ok: boolean; message?: string }
