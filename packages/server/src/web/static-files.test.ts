import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandlers } from '../http/errors.ts';
import { collectRouteMethods } from '../http/method-not-allowed.ts';
import { rawExchange } from '../testing/raw-http.ts';
import type { App } from '../types.ts';
import { webUi } from './static-files.ts';

/*
 * The web UI's files as the server serves them, over a build made here (a fake one: the serving is
 * what is tested; the e2e tests in packages/web use the real build), and with no build at all.
 */

const dirs: string[] = [];
const apps: App[] = [];
const INDEX = '<!doctype html><title>Patchbay</title><script type="module" src="/assets/index-AbC123.js"></script>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(2000))});`;

async function serve(distDir: string): Promise<string> {
  const app = Fastify() as unknown as App;
  const routes = collectRouteMethods(app, 200);
  const ui = webUi(distDir);
  installErrorHandlers(app, routes, ui.fallback);
  app.get('/api/v1/things', async () => ({ things: [] }));
  ui.register(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  apps.push(app);
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

let url: string;
let missing: string;
beforeAll(async () => {
  const dist = mkdtempSync(join(tmpdir(), 'patchbay-web-'));
  dirs.push(dist);
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'index-AbC123.js'), SCRIPT);
  writeFileSync(join(dist, 'secret.txt'), 'not an asset');
  writeFileSync(join(dist, 'assets', '.hidden'), 'dot file');
  url = await serve(dist);
  missing = await serve(join(dist, 'no-such-build'));
});
afterAll(async () => {
  for (const app of apps) await app.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('the web UI files', () => {
  it('answers / with index.html, never cached, under a strict Content-Security-Policy', async () => {
    const res = await fetch(`${url}/`, { headers: html });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(INDEX);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers hashed assets with a year of immutable cache, gzipped when asked', async () => {
    const res = await fetch(`${url}/assets/index-AbC123.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(SCRIPT);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // fetch decompresses; the header says what was sent.
    const gz = await fetch(`${url}/assets/index-AbC123.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(await gz.text()).toBe(SCRIPT);
  });

  it('falls back to index.html for client-side routes a browser navigates to', async () => {
    for (const path of ['/connections', '/connections?status=error', '/recipes/rcp_1/editor']) {
      const res = await fetch(`${url}${path}`, { headers: html });
      expect(res.status, path).toBe(200);
      expect(await res.text()).toBe(INDEX);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
  });

  it('leaves the API, webhooks, OAuth and health paths alone, and answers scripts 404', async () => {
    for (const path of ['/api/v1/nothing', '/api/nothing', '/webhooks/whk_1', '/oauth/elsewhere', '/health/x', '/assets/none.js']) {
      const res = await fetch(`${url}${path}`, { headers: html });
      expect(res.status, path).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    }
    // Not a browser navigating: the API's 404, not a page.
    expect((await fetch(`${url}/connections`, { headers: { accept: 'application/json' } })).status).toBe(404);
    // A known API path with another method is still 405.
    expect((await fetch(`${url}/api/v1/things`, { method: 'DELETE', headers: html })).status).toBe(405);
    expect((await fetch(`${url}/connections`, { method: 'POST', headers: html })).status).toBe(404);
  });

  it('refuses every way out of assets/: dot segments, encoded slashes and backslashes, dot files', async () => {
    const attempts = [
      'GET /assets/../secret.txt',
      'GET /assets/..%2fsecret.txt',
      'GET /assets/..%2Fsecret.txt',
      'GET /assets/%2e%2e%2fsecret.txt',
      'GET /assets/..%5csecret.txt',
      'GET /assets/.hidden',
      'GET /assets/%2e%2e',
      'GET /assets/..%2f..%2f..%2f..%2fetc%2fpasswd',
      'GET /assets/index-AbC123.js%00',
    ];
    for (const line of attempts) {
      // Raw bytes: fetch and URL would resolve the dot segments before sending.
      const answer = await rawExchange(url, `${line} HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nConnection: close\r\n\r\n`);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
      expect(answer, line).not.toContain('not an asset');
      expect(answer, line).not.toContain('dot file');
      expect(answer, line).not.toContain('root:');
      expect([400, 404], `${line}: ${status}`).toContain(status);
    }
  });

  it('without a build, answers a page saying how to build it (503), not a 500', async () => {
    const res = await fetch(`${missing}/`, { headers: html });
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(text).toContain('npm run build:web');
    expect(text).toContain('npm install');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(`${missing}/connections`, { headers: html })).status).toBe(503);
    expect((await fetch(`${missing}/assets/index-AbC123.js`)).status).toBe(404);
  });
});
