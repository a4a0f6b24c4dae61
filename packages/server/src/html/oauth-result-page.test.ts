import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { CallbackResult } from '@patchbay/vault';
import { renderOAuthResultPage } from './oauth-result-page.ts';

const HOSTILE = `</script><script>alert(1)</script><img src=x onerror=alert(2)>"'&\u2028`;

function result(overrides: Partial<CallbackResult> = {}): CallbackResult {
  return { ok: true, connectionId: 'conn_1', message: 'Connected as someone.', code: null, openerOrigin: 'https://app.example.com', returnTo: null, ...overrides };
}

function scriptOf(html: string): string {
  const match = /<script nonce="[^"]+">([\s\S]*?)<\/script>/.exec(html);
  return match?.[1] ?? '';
}

/** Runs the page's inline script against a fake window and records what it posted where, and where it went. */
function runScript(html: string, opener: boolean) {
  const posted: { message: unknown; origin: unknown }[] = [];
  const replaced: unknown[] = [];
  let closed = false;
  const window = {
    opener: opener ? { closed: false, postMessage: (message: unknown, origin: unknown) => posted.push({ message, origin }) } : null,
    close: () => {
      closed = true;
    },
    location: { replace: (url: unknown) => replaced.push(url) },
  };
  runInNewContext(scriptOf(html), { window });
  return { posted, closed, replaced };
}

describe('OAuth result page', () => {
  it('escapes the message so it cannot inject markup or script', () => {
    const { html } = renderOAuthResultPage(result({ ok: false, message: HOSTILE, code: `x"><b>` }));
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&#60;/script&#62;&#60;script&#62;alert(1)');
    // Exactly one script element: ours.
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });

  it('posts the result only to the exact opener origin, then closes', () => {
    const { html } = renderOAuthResultPage(result({ message: HOSTILE }));
    const { posted, closed } = runScript(html, true);
    expect(posted).toEqual([
      {
        message: { type: 'patchbay:oauth', ok: true, connectionId: 'conn_1', message: HOSTILE, code: null },
        origin: 'https://app.example.com',
      },
    ]);
    expect(closed).toBe(true);
    expect(html).not.toMatch(/postMessage\([^)]*['"]\*['"]/);
  });

  it('without an opener window it only shows the result', () => {
    const { html } = renderOAuthResultPage(result());
    expect(runScript(html, false)).toEqual({ posted: [], closed: false, replaced: [] });
    expect(html).toContain('Connected as someone.');
  });

  it('without a recorded opener origin it has no script at all', () => {
    const { html } = renderOAuthResultPage(result({ openerOrigin: null }));
    expect(html).not.toContain('<script');
  });

  it('sends a strict CSP whose nonce matches the inline script and changes per response', () => {
    const first = renderOAuthResultPage(result());
    const second = renderOAuthResultPage(result());
    const csp = first.headers['content-security-policy'] ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(first.html).toContain(`<script nonce="${nonce}">`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(second.headers['content-security-policy']).not.toBe(csp);
    expect(first.headers).toMatchObject({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'content-type': 'text/html; charset=utf-8' });
  });

  describe('with a returnTo (a full-page authorisation)', () => {
    const failedAt = (overrides: Partial<CallbackResult> = {}) =>
      renderOAuthResultPage(result({ ok: false, message: HOSTILE, code: 'access_denied', returnTo: '/connections/new?connector=http', ...overrides }));

    it('without an opener goes back to it with the result, by location.replace, and shows a link for no-script', () => {
      const { html } = renderOAuthResultPage(result({ returnTo: '/connections?q=crm' }));
      const run = runScript(html, false);
      expect(run).toEqual({ posted: [], closed: false, replaced: ['/connections?q=crm&oauth=connected&oauth_connection=conn_1'] });
      expect(html).toContain('<a href="/connections?q=crm&#38;oauth=connected&#38;oauth_connection=conn_1">Back to Patchbay</a>');
      expect(html).not.toContain('You can close this window.');
    });

    it('on failure the message travels in oauth_message, escaped in the link, and never the error code', () => {
      const { html } = failedAt();
      const [target] = runScript(html, false).replaced;
      const url = new URL(String(target), 'http://patchbay.invalid');
      expect(url.pathname).toBe('/connections/new');
      expect(Object.fromEntries(url.searchParams)).toEqual({ connector: 'http', oauth: 'failed', oauth_connection: 'conn_1', oauth_message: HOSTILE });
      expect(html).not.toContain('<img');
      expect(html.match(/<script/g)).toHaveLength(1);
      expect(html.match(/<\/script>/g)).toHaveLength(1);
    });

    it('with an opener behaves as before: posts to the opener origin and closes, without leaving', () => {
      const run = runScript(failedAt().html, true);
      expect(run.posted).toEqual([{ message: expect.objectContaining({ ok: false, connectionId: 'conn_1' }), origin: 'https://app.example.com' }]);
      expect(run).toMatchObject({ closed: true, replaced: [] });
    });

    it('has its script even without an opener origin; the CSP stays nonce-only', () => {
      const page = failedAt({ openerOrigin: null });
      expect(runScript(page.html, false).replaced).toHaveLength(1);
      // An opener that was not recorded gets nothing, and the page does not navigate it away either.
      expect(runScript(page.html, true)).toEqual({ posted: [], closed: false, replaced: [] });
      const csp = page.headers['content-security-policy'] ?? '';
      const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
      expect(page.html).toContain(`<script nonce="${nonce}">`);
      expect(csp).toMatch(/script-src 'nonce-[^']+';/);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|strict-dynamic|\*/);
    });

    it('a returnTo that would leave the site is ignored: the page only shows the result', () => {
      const { html } = renderOAuthResultPage(result({ openerOrigin: null, returnTo: '//evil.example/' }));
      expect(html).not.toContain('<script');
      expect(html).not.toContain('evil.example');
      expect(html).toContain('You can close this window.');
    });
  });
});
