/*
 * The web UI's session cookie. Its value is a random session id (sessions.ts), never the API token it
 * was made from: a cookie jar or a proxy log that leaks it leaks a session that sign-out or expiry
 * ends, not a credential that lives until someone revokes it.
 */

export const SESSION_COOKIE = 'patchbay_session';

/**
 * The header a signed-in browser sends with every request other than GET and HEAD. A cross-site form
 * cannot set a header, and a cross-site `fetch` that sets one needs a CORS preflight, which Patchbay
 * never grants: so a request carrying it comes from Patchbay's own page. SameSite=Strict already keeps
 * the cookie off cross-site requests in current browsers; the header is the second lock.
 */
export const REQUEST_HEADER = 'x-patchbay-request';

/** Absolute lifetime of a session; it also ends after SESSION_IDLE_MS without a request. */
export const SESSION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
/** A session not used for this long has ended (used is recorded at most once a minute, tokens.ts). */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;

const SESSION_ID = /^[A-Za-z0-9_-]{1,200}$/;

/** The session id in a Cookie header, or undefined. Only well-formed ids: anything else is no session. */
export function sessionIdFrom(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    if (SESSION_ID.test(value)) return value;
  }
  return undefined;
}

/**
 * `Set-Cookie` for a new session: HttpOnly (no script reads it), SameSite=Strict (no other site's
 * page sends it), Path=/ (the UI and the API share it), Secure when Patchbay is served over HTTPS
 * (over plain http:// a browser would refuse to store a Secure cookie, and loopback needs to work).
 */
export function sessionCookie(sessionId: string, options: { secure: boolean }): string {
  const maxAge = Math.floor(SESSION_LIFETIME_MS / 1000);
  return `${SESSION_COOKIE}=${sessionId}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${options.secure ? '; Secure' : ''}`;
}

/** `Set-Cookie` that removes the session cookie. */
export function clearedSessionCookie(options: { secure: boolean }): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${options.secure ? '; Secure' : ''}`;
}
