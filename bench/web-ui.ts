/**
 * The web UI's first screen: the JavaScript it ships (gzip, as the server sends it) and the time to
 * first render of the Connections page on loopback, in Debian's Chromium through playwright-core.
 * Baseline, measured in the same run: the same browser navigating to /health (a response with no UI
 * at all), so the ratio is what the UI adds to a round trip. Cold = a fresh browser context (no
 * cache, signed in by cookie); warm = a reload with the assets cached.
 *   npx tsx bench/web-ui.ts [rounds=15] [connections=50]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startTestServer } from '../packages/server/src/testing/test-server.ts';
import { report } from './result.ts';

const [rounds = 15, connections = 50] = process.argv.slice(2).map(Number);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'packages', 'web', 'dist');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

execFileSync(process.execPath, [join(ROOT, 'packages', 'web', 'scripts', 'build.mjs'), '--if-stale'], { stdio: 'inherit' });

// What index.html makes the browser fetch before the first screen: its script and preloaded modules.
const index = readFileSync(join(DIST, 'index.html'), 'utf8');
const referenced = (pattern: RegExp) => [...index.matchAll(pattern)].map((m) => m[1] ?? '');
const scripts = [...referenced(/<script[^>]+src="\/([^"]+\.js)"/g), ...referenced(/<link rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g)];
const styles = referenced(/<link rel="stylesheet"[^>]+href="\/([^"]+\.css)"/g);
const size = (files: string[]) => files.reduce((sum, f) => sum + gzipSync(readFileSync(join(DIST, f)), { level: 6 }).length, 0);
const raw = (files: string[]) => files.reduce((sum, f) => sum + readFileSync(join(DIST, f)).length, 0);

const server = await startTestServer({ workers: false });
for (let i = 0; i < connections; i++) {
  await server.api('/api/v1/connections', { method: 'POST', json: { connector: 'http', name: `API ${i}`, fields: { auth: 'none', baseUrl: 'http://127.0.0.1:9/' } } });
}
const browser = await chromium.launch({ executablePath: process.env.PATCHBAY_CHROMIUM ?? '/usr/bin/chromium', args: FLAGS });
const signIn = await (await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-patchbay-request': '1' }, body: JSON.stringify({ token: server.token }) })).headers.get('set-cookie');
const sessionId = /patchbay_session=([^;]+)/.exec(signIn ?? '')?.[1] ?? '';
const cookie = { name: 'patchbay_session', value: sessionId, url: server.url };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const cold: number[] = [];
const warm: number[] = [];
const baseline: number[] = [];
for (let round = 0; round < rounds; round++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([cookie]);
  const page = await context.newPage();
  // Baseline: a navigation with no UI, read when its document is parsed.
  await page.goto(`${server.url}/health`, { waitUntil: 'domcontentloaded' });
  baseline.push((await page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")) as number);
  for (const list of [cold, warm]) {
    await page.goto(`${server.url}/connections`, { waitUntil: 'commit' });
    await page.getByRole('article', { name: `API ${connections - 1}`, exact: true }).waitFor();
    // Since this navigation started: request, HTML, assets, the session and connections requests, React's render.
    list.push((await page.evaluate('performance.now()')) as number);
  }
  await context.close();
}
await browser.close();
await server.stop();

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`first screen JavaScript: ${kb(size(scripts))} gzip (${kb(raw(scripts))} raw, ${scripts.length} file${scripts.length === 1 ? '' : 's'}); CSS ${kb(size(styles))} gzip`);
console.log(`time to first render of Connections (${connections} connections, ${rounds} rounds, median):`);
console.log(`  /health, no UI (baseline)   ${median(baseline).toFixed(0)} ms`);
console.log(`  Connections, cold cache     ${median(cold).toFixed(0)} ms  (×${(median(cold) / median(baseline)).toFixed(1)})`);
console.log(`  Connections, warm cache     ${median(warm).toFixed(0)} ms  (×${(median(warm) / median(baseline)).toFixed(1)})`);
report({ figure: 'first render of Connections, cold cache', value: median(cold), unit: 'ms', baseline: 'navigation to /health (no UI)', baselineValue: median(baseline), better: 'lower' });
