import { type ZendeskEmulator, type ZendeskEmulatorOptions, startZendeskEmulator } from '@patchbay/emulator-zendesk';
import type { ConnectionView } from '@patchbay/vault';
import { type VaultHarness, authorizeByRedirect, failureOf } from '@patchbay/vault/testing';

/**
 * What the connector's tests share: an emulated Zendesk account (auto-approving OAuth, as a user
 * clicking "Allow" would), connections made through the vault, and the emulator's control plane.
 * Only `serverUrl` points the connector at the emulator.
 */
export const SUBDOMAIN = 'patchbay-demo';

export function startAccount(options: ZendeskEmulatorOptions = {}): Promise<ZendeskEmulator> {
  // The export's one-minute hold-back is set to 0 so tests need not wait; trigger tests turn it on.
  return startZendeskEmulator({ autoApprove: true, incrementalLagSeconds: 0, ...options });
}

export function oauthFields(zd: ZendeskEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { subdomain: SUBDOMAIN, auth: 'oauth2', serverUrl: zd.url, clientId: zd.clientId, clientSecret: zd.clientSecret, ...extra };
}

export function apiTokenFields(zd: ZendeskEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { subdomain: SUBDOMAIN, auth: 'apiToken', serverUrl: zd.url, email: zd.agentEmail, apiToken: zd.apiToken, ...extra };
}

/** Opens the authorize URL the vault built; the emulator redirects back with a code; the vault completes. */
export const authorize = (vault: VaultHarness, connectionId: string) => authorizeByRedirect(vault, connectionId);

/** An OAuth connection to the account, authorised; fails the test when that does not work. */
export async function connectOAuth(vault: VaultHarness, zd: ZendeskEmulator, name = 'zendesk', extra: Record<string, unknown> = {}): Promise<ConnectionView> {
  const created = await vault.service.create(vault.actor, { connector: 'zendesk', name, fields: oauthFields(zd, extra) });
  const { result } = await authorize(vault, created.id);
  if (!result.ok) throw new Error(`authorisation failed: ${result.code ?? ''}: ${result.message}`);
  return vault.service.get(vault.actor, created.id);
}

/** An email + API token connection (tested when created). */
export function connectApiToken(vault: VaultHarness, zd: ZendeskEmulator, name = 'zendesk token', extra: Record<string, unknown> = {}): Promise<ConnectionView> {
  return vault.service.create(vault.actor, { connector: 'zendesk', name, fields: apiTokenFields(zd, extra) });
}

/** A control-plane call (`/__emulator/…`): records and fields as an admin would make them, token expiry, limits. */
export async function control(zd: ZendeskEmulator, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${zd.url}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed: unknown = await res.json();
  if (!res.ok) throw new Error(`control ${method} ${path} answered ${res.status}: ${JSON.stringify(parsed)}`);
  return isRecord(parsed) ? parsed : {};
}

/** Creates a record through the control plane (as a person in Zendesk would) and returns its id. */
export async function addRecord(zd: ZendeskEmulator, object: 'organization' | 'ticket' | 'user', fields: Record<string, unknown>): Promise<number> {
  const { id } = await control(zd, 'POST', `/records/${object}`, fields);
  if (typeof id !== 'number') throw new Error(`the control plane created no ${object}`);
  return id;
}

/** Every record of an object as the emulator holds it, by id. */
export async function recordsOf(zd: ZendeskEmulator, object: 'organization' | 'ticket' | 'user'): Promise<Map<number, Record<string, unknown>>> {
  const { records } = await control(zd, 'GET', `/records/${object}`);
  const list = Array.isArray(records) ? records.filter(isRecord) : [];
  return new Map(list.flatMap((record): [number, Record<string, unknown>][] => (typeof record.id === 'number' ? [[record.id, record]] : [])));
}

/** How many requests the account has seen so far that match. */
export function countRequests(zd: ZendeskEmulator, match: (r: { method: string; path: string }) => boolean): number {
  return zd.requests.filter(match).length;
}

/** The failure of a promise, for assertions on its code, message and details. */
export { failureOf };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A property of an unknown value (action outputs, events), or undefined. */
export function field(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = Reflect.get(current, key);
  }
  return current;
}
