/**
 * What a connection costs per request: the same GET to a local app, sent N times at a fixed
 * concurrency, (a) with bare fetch and a hard-coded header, (b) through a connection with a bearer
 * token, (c) through an OAuth2 connection (token manager on the path), each on SQLite; and (d) with
 * bare undici `request`, the transport a connection's client uses, to show what the layers above it cost.
 * Runs the baseline and the subjects alternately, several rounds, and prints the median figures:
 * requests/s, latency, and CPU per request (user + system time of this process, which also runs the
 * local app: a firmer figure than requests/s on a shared machine, compared as a difference).
 *   npx tsx bench/connection-request.ts [requests=4000] [concurrency=10] [rounds=3]
 *   BENCH_CPU_PROFILE=<dir> node --import tsx bench/connection-request.ts   (a V8 CPU profile of the whole run)
 */
import { Session } from 'node:inspector/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import http from '@patchbay/connector-http';
import { startOAuthServer } from '@patchbay/testkit';
import { request } from 'undici';
import { connectOAuth, startEchoApp, startVault, storedAccessToken } from '@patchbay/vault/testing';
import { type Round, measure, median, medianRound } from './measure.ts';
import { report } from './result.ts';

const [requests = 4000, concurrency = 10, rounds = 3] = process.argv.slice(2).map(Number);
const TOKEN = 'bench-token';
const FLOOR = 'bare undici request (the client transport)';

const app = await startEchoApp({ bearer: TOKEN });
const oauthServer = await startOAuthServer({ redirectUris: ['http://127.0.0.1:8080/oauth/callback'], rotateRefreshToken: true });
const vault = await startVault({ connectors: [http] });
const bearer = await vault.service.create(vault.actor, { connector: 'http', name: 'bench', fields: { auth: 'bearer', baseUrl: app.url, token: TOKEN } });
const oauth = await connectOAuth(vault, oauthServer, 'bench-oauth');
const input = { method: 'GET', path: '/items', query: { q: 'x' } } as const;
// The baseline sends the connection's own token: the app does the same token lookup for both.
const accessToken = await storedAccessToken(vault, oauth.id);

const subjects: [string, () => Promise<unknown>][] = [
  ['bare fetch (baseline)', async () => (await fetch(`${app.url}/items?q=x`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()],
  ['connection, bearer token', () => vault.service.runAction(vault.actor, bearer.id, 'request', input)],
  ['bare fetch to OAuth API (baseline)', async () => (await fetch(`${oauthServer.apiBaseUrl}/me`, { headers: { authorization: `Bearer ${accessToken}` } })).json()],
  ['connection, OAuth2 (token manager)', () => vault.service.runAction(vault.actor, oauth.id, 'request', { method: 'GET', path: 'me' })],
  // Not a pair: the transport the connection's client uses (vault/src/http/transport.ts) bare, so the
  // cost of everything a connection adds on top of it shows too.
  [FLOOR, async () => JSON.parse(await (await request(`${app.url}/items?q=x`, { headers: { authorization: `Bearer ${TOKEN}` } })).body.text())],
];

const profiler = process.env.BENCH_CPU_PROFILE ? new Session() : undefined;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}

const results = new Map<string, (Round & { cpuUs: number })[]>();
for (let round = 0; round < rounds; round++) {
  for (const [name, send] of subjects) {
    const cpu = process.cpuUsage();
    const r = await measure(requests, concurrency, send);
    const used = process.cpuUsage(cpu);
    results.set(name, [...(results.get(name) ?? []), { ...r, cpuUs: (used.user + used.system) / requests }]);
  }
}

if (profiler && process.env.BENCH_CPU_PROFILE) {
  const { profile } = await profiler.post('Profiler.stop');
  mkdirSync(process.env.BENCH_CPU_PROFILE, { recursive: true });
  const file = join(process.env.BENCH_CPU_PROFILE, `connection-request-${Date.now()}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  console.log(`CPU profile: ${file}`);
}

const summary = [...results].map(([name, rs]) => ({ name, ...medianRound(rs), cpuUs: median(rs.map((r) => r.cpuUs)) }));
console.log(`${requests} requests × ${rounds} rounds, concurrency ${concurrency}, median of rounds (CPU: this process, local app included)`);
const pairs = summary.filter((s) => s.name !== FLOOR);
const floor = summary.find((s) => s.name === FLOOR);
for (const [i, s] of pairs.entries()) {
  const base = pairs[i % 2 === 0 ? i : i - 1];
  const ratio = base ? s.rps / base.rps : 1;
  const delta = base ? s.cpuUs - base.cpuUs : 0;
  const extra = base && base !== s ? `  (${delta >= 0 ? '+' : '−'}${Math.abs(delta).toFixed(0)} µs CPU beside its baseline)` : '';
  console.log(
    `${s.name.padEnd(38)} ${s.rps.toFixed(0).padStart(7)} req/s  p50 ${s.p50.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms  ${s.cpuUs.toFixed(0).padStart(4)} µs CPU/req  ratio ${ratio.toFixed(2)}${extra}`,
  );
}
const bearerRound = pairs[1];
if (floor && bearerRound) {
  console.log(`${floor.name.padEnd(38)} ${floor.rps.toFixed(0).padStart(7)} req/s  p50 ${floor.p50.toFixed(2)} ms  p99 ${floor.p99.toFixed(2)} ms  ${floor.cpuUs.toFixed(0).padStart(4)} µs CPU/req  (the bearer connection adds ${(bearerRound.cpuUs - floor.cpuUs).toFixed(0)} µs to it)`);
}
for (const [i, s] of pairs.entries()) {
  const base = pairs[i - 1];
  if (i % 2 === 1 && base) report({ figure: `${s.name} req/s`, value: s.rps, unit: 'req/s', baseline: base.name.replace(' (baseline)', ''), baselineValue: base.rps, better: 'higher' });
}
if (floor && bearerRound) report({ figure: 'connection, bearer token CPU per request', value: bearerRound.cpuUs, unit: 'µs', baseline: 'bare undici request', baselineValue: floor.cpuUs, better: 'lower' });
await vault.close();
await oauthServer.close();
await app.close();
