import type { CallbackResult } from '../connections/service.ts';
import type { VaultHarness } from './harness.ts';

/**
 * Authorises a connection as a browser would on an app that approves at once (an emulator started
 * with `autoApprove`): opens the authorize URL the vault built, takes the app's redirect back, and
 * hands the callback's query to the vault, as Patchbay's callback route does.
 */
export async function authorizeByRedirect(vault: VaultHarness, connectionId: string, options: { confirmInstanceChange?: boolean } = {}): Promise<{ url: URL; result: CallbackResult }> {
  const { url } = await vault.service.authorize(vault.actor, connectionId, options);
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`expected the app to redirect back, got ${res.status}: ${await res.text()}`);
  const result = await vault.service.handleCallback(Object.fromEntries(new URL(location).searchParams));
  return { url: new URL(url), result };
}

/** The failure of a promise, for assertions on its code, message and details. */
export async function failureOf(promise: Promise<unknown>): Promise<{ code: string; message: string; details?: unknown }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Error) {
      const code: unknown = Reflect.get(err, 'code');
      return { code: typeof code === 'string' ? code : err.name, message: err.message, details: Reflect.get(err, 'details') };
    }
    throw err;
  }
  throw new Error('expected the call to fail');
}
