import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { CallbackResult } from '@patchbay/vault';
import { renderOAuthResultPage } from './oauth-result-page.ts';

const HOSTILE = `</script><script>alert(1)</script><img src=x onerror=alert(2)>"'&\u2028`;

function result(overrides: Partial<CallbackResult> = {}): CallbackResult {
  return { ok: true, connectionId: 'conn_1', message: 'Connected as someone.', code: null, openerOrigin: 'https://app.example.com', ...overrides };
}

function scriptOf(html: string): string {
  const match = /<script nonce="[^"]+">([\s\S]*?)<\/script>/.exec(html);
  return match?.[1] ?? '';
}

/** Runs the page's inline script against a fake window and records what it posted where. */
function runScript(html: string, opener: boolean) {
  const posted: { message: unknown; origin: unknown }[] = [];
  let closed = false;
  const window = {
    opener: opener ? { closed: false, postMessage: (message: unknown, origin: unknown) => posted.push({ message, origin }) } : null,
    close: () => {
      closed = true;
    },
  };
  runInNewContext(scriptOf(html), { window });
  return { posted, closed };
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
    expect(runScript(html, false)).toEqual({ posted: [], closed: false });
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
});
