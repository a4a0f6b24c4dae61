import { type JiraEmulator } from '@patchbay/emulator-jira';
import { connectionAad, open, type ConnectionView } from '@patchbay/vault';
import { type VaultHarness, authorizeByRedirect } from '@patchbay/vault/testing';

/**
 * Shared by this connector's tests: connecting through the vault as a user would, the emulator's
 * control endpoints, a poll loop that drops seen `dedupeKey`s as the engine does, and the
 * connection's stored secrets (to prove they never leak).
 */

export type Json = Record<string, unknown>;

export async function control(emulator: JiraEmulator, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${emulator.url}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Adds an issue as if a person had (`created`/`updated` may be set to any time). */
export async function addIssue(emulator: JiraEmulator, fields: Json): Promise<{ id: string; key: string; updated: string }> {
  const { status, body } = await control(emulator, 'POST', '/records/issue', fields);
  if (status !== 201 || typeof body !== 'object' || body === null) throw new Error(`could not add an issue: ${JSON.stringify(body)}`);
  const text = (key: string) => String(Reflect.get(body, key));
  return { id: text('id'), key: text('key'), updated: text('updated') };
}

/** Reads an issue straight from the emulated site, as someone looking at Jira would. */
export async function readIssue(emulator: JiraEmulator, key: string): Promise<{ fields: Json }> {
  const response = await fetch(`${emulator.siteUrl}/rest/api/3/issue/${key}`, {
    headers: { authorization: `Basic ${Buffer.from(`${emulator.email}:${emulator.apiToken}`).toString('base64')}` },
  });
  if (response.status !== 200) throw new Error(`GET issue ${key} answered ${response.status}`);
  const issue: unknown = await response.json();
  const fields: unknown = typeof issue === 'object' && issue !== null ? Reflect.get(issue, 'fields') : undefined;
  return { fields: typeof fields === 'object' && fields !== null ? { ...fields } : {} };
}

/** The comments of an issue, straight from the emulated site. */
export async function readComments(emulator: JiraEmulator, key: string): Promise<unknown[]> {
  const response = await fetch(`${emulator.siteUrl}/rest/api/3/issue/${key}/comment`, {
    headers: { authorization: `Basic ${Buffer.from(`${emulator.email}:${emulator.apiToken}`).toString('base64')}` },
  });
  const page: unknown = await response.json();
  const comments: unknown = typeof page === 'object' && page !== null ? Reflect.get(page, 'comments') : undefined;
  return Array.isArray(comments) ? comments : [];
}

/** Requests the emulator received for a path ending, e.g. `/search/jql`. */
export function requestsTo(emulator: JiraEmulator, method: string, pathEnd: string): number {
  return emulator.requests.filter((r) => r.method === method && r.path.endsWith(pathEnd)).length;
}

export interface OAuthFields { serverUrl: string; clientId?: string; clientSecret?: string; site?: string }

/** Creates an OAuth connection and authorises it: authorize URL → auto-approved redirect → callback. */
export async function connectOAuth(vault: VaultHarness, name: string, fields: OAuthFields) {
  const created = await vault.service.create(vault.actor, { connector: 'jira', name, fields: { auth: 'oauth2', ...fields } });
  const { url, result } = await authorizeByRedirect(vault, created.id);
  const connection: ConnectionView = await vault.service.get(vault.actor, created.id);
  return { authorizeUrl: url, result, connection };
}

export async function connectApiToken(vault: VaultHarness, emulator: JiraEmulator, name: string, overrides: Json = {}): Promise<ConnectionView> {
  return vault.service.create(vault.actor, {
    connector: 'jira',
    name,
    fields: { auth: 'apiToken', site: emulator.siteUrl, email: emulator.email, apiToken: emulator.apiToken, ...overrides },
  });
}

/** The connection's decrypted secrets blob, as stored. */
export async function storedSecrets(vault: VaultHarness, id: string): Promise<{ fields: Record<string, string>; oauth?: { accessToken: string; refreshToken?: string } }> {
  const row = await vault.store.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  if (!row.secrets) return { fields: {} };
  return JSON.parse(open(vault.keys, row.secrets, connectionAad(row.workspace_id, row.id)));
}

export interface PollEvent { dedupeKey: string; data: unknown }

/**
 * Polls as the engine does: again at once while `hasMore`, dropping events whose `dedupeKey` was
 * seen before. Returns the new events, every event the connector returned, and the last cursor.
 */
export async function pollAll(
  vault: VaultHarness,
  connectionId: string,
  input: Json,
  state: { cursor: string | undefined; since: string | undefined },
  seen: Set<string>,
): Promise<{ fresh: PollEvent[]; returned: PollEvent[]; cursor: string; polls: number }> {
  const fresh: PollEvent[] = [];
  const returned: PollEvent[] = [];
  let cursor = state.cursor;
  for (let polls = 1; polls <= 20; polls++) {
    const result = await vault.service.poll(vault.actor, connectionId, 'newOrUpdatedIssues', input, { cursor, since: state.since });
    returned.push(...result.events);
    for (const event of result.events) {
      if (seen.has(event.dedupeKey)) continue;
      seen.add(event.dedupeKey);
      fresh.push(event);
    }
    cursor = result.cursor;
    if (!result.hasMore) return { fresh, returned, cursor, polls };
  }
  throw new Error('the trigger kept saying it has more after 20 polls');
}

export function keyOf(event: PollEvent): string {
  const data = event.data;
  return typeof data === 'object' && data !== null ? String(Reflect.get(data, 'key')) : '';
}
