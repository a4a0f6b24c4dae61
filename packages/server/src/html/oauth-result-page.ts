import { randomBytes } from 'node:crypto';
import type { CallbackResult } from '@patchbay/vault';
import { oauthReturnUrl } from './oauth-return-url.ts';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON that is safe inside a <script> element: `<`, `>` and `&` cannot close the element or open a
 * comment, and U+2028/2029 cannot break the string literal in older engines.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface OAuthResultPage {
  html: string;
  headers: Record<string, string>;
}

/**
 * The page the provider redirects the browser to. It shows the result and, when it was opened as a
 * popup by a page whose origin was recorded at /authorize, posts the result to exactly that origin
 * (never '*': any page could otherwise open the popup and read the result) and closes itself.
 * Without an opener — the web UI sent the whole page to the app because its popup was blocked — it
 * goes back to the `returnTo` path recorded at /authorize with the result in the query
 * (oauth-return-url.ts), and shows a "Back to Patchbay" link for a browser without script.
 */
export function renderOAuthResultPage(result: CallbackResult): OAuthResultPage {
  const nonce = randomBytes(16).toString('base64');
  const title = result.ok ? 'Connected' : 'Connection failed';
  const message = { type: 'patchbay:oauth', ok: result.ok, connectionId: result.connectionId, message: result.message, code: result.code };
  const returnUrl = oauthReturnUrl(result);
  const script = result.openerOrigin || returnUrl
    ? `<script nonce="${nonce}">
(function () {
  var data = ${jsonForScript({ message, origin: result.openerOrigin, returnUrl })};
  if (window.opener && !window.opener.closed) {
    if (data.origin) {
      window.opener.postMessage(data.message, data.origin);
      window.close();
    }
  } else if (data.returnUrl) {
    window.location.replace(data.returnUrl);
  }
})();
</script>`
    : '';
  const next = returnUrl ? `<p><a href="${escapeHtml(returnUrl)}">Back to Patchbay</a></p>` : '<p>You can close this window.</p>';
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Patchbay: ${escapeHtml(title)}</title>
<style nonce="${nonce}">body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}.failed{color:#a11}</style>
</head>
<body>
<h1 class="${result.ok ? 'ok' : 'failed'}">${escapeHtml(title)}</h1>
<p>${escapeHtml(result.message)}</p>
${result.code ? `<p><small>Code: ${escapeHtml(result.code)}</small></p>` : ''}
${next}
${script}
</body>
</html>
`;
  return {
    html,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    },
  };
}
