/**
 * Whether this browser may hold a session: set at sign-in, cleared at sign-out and when the server
 * says the session is gone. Only a hint, never a credential (the session is the HttpOnly cookie,
 * which scripts cannot see): it spares a browser nobody signed in from the session probe, whose
 * honest answer then is a 401 that Chromium logs as a console error on every visit to sign-in. A
 * stale hint costs one probe, which corrects it.
 */
const KEY = 'patchbay.mayBeSignedIn';

export function mayBeSignedIn(): boolean {
  try {
    return window.localStorage.getItem(KEY) === '1';
  } catch {
    // Storage blocked (privacy settings): ask the server, as without the hint.
    return true;
  }
}

export function rememberSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) window.localStorage.setItem(KEY, '1');
    else window.localStorage.removeItem(KEY);
  } catch {
    // Nothing to keep it in: every load asks the server.
  }
}
