import type { Generated } from 'kysely';

/**
 * A connection's state: `connected`, `needs_reauth` (someone must authorise it again), `error` (the
 * app or its token endpoint failed; retried), `disconnected`. The vault's `ConnectionStatus` schema
 * is checked against this type (view.types.test.ts): the API and the column cannot drift apart.
 */
export type ConnectionStatusValue = 'connected' | 'needs_reauth' | 'error' | 'disconnected';

/**
 * A job's state: `queued → running → succeeded | failed`, or `cancelled` before it ran. The engine's
 * `JobStatus` schema is checked against this type (views.types.test.ts).
 */
export type JobStatusValue = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/**
 * Row shapes of the store. Timestamps are ISO-8601 UTC text, JSON columns are text, so the same
 * rows work on SQLite and PostgreSQL without per-dialect conversion.
 */
export interface WorkspacesTable {
  id: string;
  name: string;
  created_at: string;
}

export interface UsersTable {
  id: string;
  workspace_id: string;
  name: string;
  role: string;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  workspace_id: string;
  user_id: string;
  name: string;
  /** SHA-256 of the token, hex: the token itself is never stored. */
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
}

/** A web UI session (migration 0006): made from the API token `token_id`, ended with it. */
export interface SessionsTable {
  id: string;
  token_id: string;
  workspace_id: string;
  user_id: string;
  /** SHA-256 of the session id, hex: the id itself is only in the user's cookie. */
  session_hash: string;
  created_at: string;
  last_used_at: string;
}

export interface MasterKeysTable {
  /** Short id derived from the fingerprint, stored beside every ciphertext. */
  kid: string;
  /** HMAC-SHA256 of a fixed label under the key: proves a supplied key is the one used. */
  fingerprint: string;
  /** `primary` encrypts new data; `retired` keys no longer wrap anything. */
  state: string;
  created_at: string;
}

/** Keys of job payloads at rest, each sealed by the master key ring (migration 0008; vault/src/payloads). */
export interface PayloadKeysTable {
  /** `pk1`, `pk2`, …: named in every value the key encrypted. */
  key_id: string;
  /** The key, sealed (vault/src/crypto/envelope.ts) for the record `payload_key:<key_id>`. */
  wrapped: string;
  /** The master key that wraps it: counted by start-up checks and rotation. */
  master_key_id: string;
  created_at: string;
}

export interface ConnectionsTable {
  id: string;
  workspace_id: string;
  connector: string;
  name: string;
  environment: string | null;
  status: ConnectionStatusValue;
  status_reason: string | null;
  /** The kind of auth in use (resolved for `multi`). */
  auth_kind: string;
  /** Non-secret connection fields, JSON. */
  fields: string;
  /** Envelope-encrypted JSON with secret fields, tokens and custom auth state. */
  secrets: string | null;
  /** Master key id that wraps this row's data key (also inside `secrets`; kept here to find rows to re-wrap). */
  key_id: string | null;
  authorized_at: string | null;
  lost_at: string | null;
  last_used_at: string | null;
  refresh_failures: number;
  next_refresh_attempt_at: string | null;
  token_expires_at: string | null;
  instance_key: string | null;
  /** JSON `{ label, id? }`: the integration user. */
  identity: string | null;
  /** JSON array of granted scopes. */
  granted_scopes: string | null;
  /** Compare-and-swap counter: every write of secrets or status bumps it. */
  version: number;
  created_at: string;
  updated_at: string;
}

export interface OauthSessionsTable {
  /** The random id doubles as the OAuth `state`. */
  id: string;
  workspace_id: string;
  user_id: string;
  connection_id: string;
  /** Envelope-encrypted `{ codeVerifier }`. */
  secrets: string;
  redirect_uri: string;
  /** Origin allowed to receive the callback page's postMessage. */
  opener_origin: string | null;
  /** A path of this site the result page sends the browser back to when it has no opener (migration 0007). */
  return_to: string | null;
  confirm_instance_change: number;
  created_at: string;
  expires_at: string;
  consumed_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  workspace_id: string;
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  /** JSON; never holds secrets (only names of secret fields that changed). */
  details: string | null;
  created_at: string;
}

export interface LocksTable {
  name: string;
  owner: string;
  expires_at: string;
}

export interface RecipesTable {
  id: string;
  workspace_id: string;
  name: string;
  current_version: number;
  /** The version a running recipe runs: it keeps it until restarted. */
  running_version: number | null;
  /** `stopped` | `running`. */
  status: string;
  status_reason: string | null;
  webhook_token: string | null;
  /** Consecutive trigger failures (authentication); the recipe stops at the limit. */
  trigger_failures: number;
  poll_cursor: string | null;
  /** When the polling or schedule trigger is next due. */
  next_trigger_at: string | null;
  started_at: string | null;
  stopped_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RecipeVersionsTable {
  recipe_id: string;
  version: number;
  /** The definition JSON exactly as saved. */
  definition: string;
  created_by: string;
  created_at: string;
}

export interface RecipeBindingsTable {
  recipe_id: string;
  slot: string;
  connection_id: string;
}

export interface JobsTable {
  id: string;
  workspace_id: string;
  recipe_id: string;
  recipe_version: number;
  status: JobStatusValue;
  /**
   * JSON of the trigger event (secrets redacted, size capped). This and `steps`, `result`, `error`
   * are stored encrypted (`enc1:…`, engine/src/jobs/payloads.ts); rows of before have plain JSON.
   */
  trigger_event: string;
  /** JSON array of step records. */
  steps: string | null;
  result: string | null;
  error: string | null;
  rerun_of: string | null;
  lease_until: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** What a running job has done so far (migration 0005; engine/src/jobs/progress.ts). */
export interface JobProgressTable {
  job_id: string;
  seq: number;
  execution: string;
  kind: 'succeeded' | 'failed' | 'caught';
  /** JSON, stored encrypted like the job's payload columns. */
  data: string;
}

export interface TriggerDedupeTable {
  recipe_id: string;
  dedupe_key: string;
  created_at: string;
}

export interface NotificationsTable {
  id: string;
  workspace_id: string;
  recipe_id: string | null;
  connection_id: string | null;
  level: 'warning' | 'error';
  kind: string;
  message: string;
  created_at: string;
  delivered_at: string | null;
}

export interface Database {
  workspaces: WorkspacesTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  master_keys: MasterKeysTable;
  payload_keys: PayloadKeysTable;
  connections: ConnectionsTable;
  oauth_sessions: OauthSessionsTable;
  audit_log: AuditLogTable;
  locks: LocksTable;
  recipes: RecipesTable;
  recipe_versions: RecipeVersionsTable;
  recipe_bindings: RecipeBindingsTable;
  jobs: JobsTable;
  job_progress: JobProgressTable;
  trigger_dedupe: TriggerDedupeTable;
  notifications: NotificationsTable;
}
