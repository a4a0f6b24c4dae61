import { startProxy } from '@patchbay/emulator-kit';
import { type SalesforceEmulator, type SalesforceEmulatorOptions, startSalesforceEmulator } from '@patchbay/emulator-salesforce';
import type { ConnectionView } from '@patchbay/vault';
import { type VaultHarness, authorizeByRedirect, failureOf } from '@patchbay/vault/testing';

/**
 * What the connector's tests share: an emulated org, a connection authorised through the vault's
 * real OAuth flow (the emulator auto-approves, as a user clicking "Allow" would), and the
 * emulator's control plane. Only `serverUrl` points the connector at the emulator.
 */
export function startOrg(options: SalesforceEmulatorOptions = {}): Promise<SalesforceEmulator> {
  return startSalesforceEmulator({ autoApprove: true, ...options });
}

/** Connection fields for an emulated org: its URL as the login host, its OAuth client. */
export function orgFields(sf: SalesforceEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { serverUrl: sf.url, clientId: sf.clientId, clientSecret: sf.clientSecret, ...extra };
}

/** Opens the authorize URL the vault built; the emulator redirects back with a code; the vault completes. */
export const authorize = authorizeByRedirect;

/** Creates a Salesforce connection to the org and authorises it; fails the test when that does not work. */
export async function connect(vault: VaultHarness, sf: SalesforceEmulator, name = 'salesforce', extra: Record<string, unknown> = {}): Promise<ConnectionView> {
  const created = await vault.service.create(vault.actor, { connector: 'salesforce', name, fields: orgFields(sf, extra) });
  const { result } = await authorize(vault, created.id);
  if (!result.ok) throw new Error(`authorisation failed: ${result.code ?? ''}: ${result.message}`);
  return vault.service.get(vault.actor, created.id);
}

/** A control-plane call (`/__emulator/…`): records and fields as an admin would make them, token expiry, limits. */
export async function control(sf: SalesforceEmulator, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${sf.url}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed: unknown = await res.json();
  if (!res.ok) throw new Error(`control ${method} ${path} answered ${res.status}: ${JSON.stringify(parsed)}`);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? Object.fromEntries(Object.entries(parsed)) : {};
}

/** Creates a record through the control plane (as a user in Salesforce would) and returns its id. */
export async function seed(sf: SalesforceEmulator, object: string, fields: Record<string, unknown>): Promise<string> {
  const { id } = await control(sf, 'POST', `/records/${object}`, fields);
  if (typeof id !== 'string') throw new Error(`the control plane created no ${object}`);
  return id;
}

/** How many requests the org has seen so far that match. */
export function countRequests(sf: SalesforceEmulator, match: (r: { method: string; path: string }) => boolean): number {
  return sf.requests.filter(match).length;
}

export { failureOf };

/**
 * A stand-in for a separate login host (login.salesforce.com or a My Domain) in front of an org:
 * forwards every request to the org and records what it saw, so a test can tell the calls that went
 * to the login host from those that went to the token response's `instance_url`.
 */
export async function startLoginHost(sf: SalesforceEmulator): Promise<{ url: string; paths: string[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const proxy = await startProxy(sf.url, { onRequest: (req) => paths.push(`${req.method} ${req.path}`) });
  return { ...proxy, paths };
}

/** The `id` an action answered (create, upsert, update). */
export function idOf(output: unknown): string {
  const id: unknown = typeof output === 'object' && output !== null ? Reflect.get(output, 'id') : undefined;
  if (typeof id !== 'string') throw new Error(`expected an id, got ${JSON.stringify(output)}`);
  return id;
}

/** The `records` the query action answered. */
export function recordsOf(output: unknown): Record<string, unknown>[] {
  const records: unknown = typeof output === 'object' && output !== null ? Reflect.get(output, 'records') : undefined;
  if (!Array.isArray(records)) throw new Error(`expected records, got ${JSON.stringify(output)}`);
  return records.map((r: unknown) => (typeof r === 'object' && r !== null ? Object.fromEntries(Object.entries(r)) : {}));
}
