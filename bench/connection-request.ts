/**
 * What a connection costs per request: the same GET to a local app, sent N times at a fixed
 * concurrency, (a) with bare fetch and a hard-coded header, (b) through a connection with a bearer
 * token, (c) through an OAuth2 connection (token manager on the path), each on SQLite.
 * Runs the baseline and the subjects alternately, several rounds, and prints the median figures.
 *   npx tsx bench/connection-request.ts [requests=4000] [concurrency=10] [rounds=3]
 */
import http from '@patchbay/connector-http';
import { startOAuthServer } from '@patchbay/testkit';
import { connectOAuth, startEchoApp, startVault } from '@patchbay/vault/testing';
import { type Round, measure, medianRound } from './measure.ts';

const [requests = 4000, concurrency = 10, rounds = 3] = process.argv.slice(2).map(Number);
const TOKEN = 'bench-token';

const app = await startEchoApp({ bearer: TOKEN });
const oauthServer = await startOAuthServer({ redirectUris: ['http://127.0.0.1:8080/oauth/callback'], rotateRefreshToken: true });
const vault = await startVault({ connectors: [http] });
const bearer = await vault.service.create(vault.actor, { connector: 'http', name: 'bench', fields: { auth: 'bearer', baseUrl: app.url, token: TOKEN } });
const oauth = await connectOAuth(vault, oauthServer, 'bench-oauth');
const input = { method: 'GET', path: '/items', query: { q: 'x' } } as const;

const subjects: [string, () => Promise<unknown>][] = [
  ['bare fetch (baseline)', async () => (await fetch(`${app.url}/items?q=x`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()],
  ['connection, bearer token', () => vault.service.runAction(vault.actor, bearer.id, 'request', input)],
  ['bare fetch to OAuth API (baseline)', async () => (await fetch(`${oauthServer.apiBaseUrl}/me`, { headers: { authorization: 'Bearer x' } })).text()],
  ['connection, OAuth2 (token manager)', () => vault.service.runAction(vault.actor, oauth.id, 'request', { method: 'GET', path: 'me' })],
];

const results = new Map<string, Round[]>();
for (let round = 0; round < rounds; round++) {
  for (const [name, send] of subjects) {
    const r = await measure(requests, concurrency, send);
    results.set(name, [...(results.get(name) ?? []), r]);
  }
}
const summary = [...results].map(([name, rs]) => ({ name, ...medianRound(rs) }));
console.log(`${requests} requests × ${rounds} rounds, concurrency ${concurrency}, median of rounds`);
for (const [i, s] of summary.entries()) {
  const base = summary[i % 2 === 0 ? i : i - 1];
  const ratio = base ? s.rps / base.rps : 1;
  console.log(`${s.name.padEnd(38)} ${s.rps.toFixed(0).padStart(7)} req/s  p50 ${s.p50.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms  ratio ${ratio.toFixed(2)}`);
}
await vault.close();
await oauthServer.close();
await app.close();
