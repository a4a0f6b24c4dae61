/**
 * What the design-time cache saves: a form asking for the fields of an object (Salesforce's
 * `describe` through a connection) with the cache, without it (`refresh`), and as a bare fetch of
 * the same describe from the emulated org (the baseline: the app's own cost, no Patchbay).
 * Runs the three alternately, several rounds, and prints the medians and ratios to the baseline.
 *   npx tsx bench/design-cache.ts [requests=2000] [concurrency=10] [rounds=3]
 */
import { startSalesforceEmulator } from '@patchbay/emulator-salesforce';
import salesforce from '@patchbay/connector-salesforce';
import { authorizeByRedirect, startVault } from '@patchbay/vault/testing';
import { type Round, measure, medianRound } from './measure.ts';
import { report } from './result.ts';

const [requests = 2000, concurrency = 10, rounds = 3] = process.argv.slice(2).map(Number);

const org = await startSalesforceEmulator({ autoApprove: true });
const vault = await startVault({ connectors: [salesforce] });
const created = await vault.service.create(vault.actor, { connector: 'salesforce', name: 'bench', fields: { serverUrl: org.url, clientId: org.clientId, clientSecret: org.clientSecret } });
await authorizeByRedirect(vault, created.id);
const minted: unknown = await (await fetch(`${org.url}/__emulator/tokens`, { method: 'POST' })).json();
const accessToken = typeof minted === 'object' && minted !== null ? String(Reflect.get(minted, 'access_token')) : '';
const request = { action: 'create', config: { object: 'Account' } };

const subjects: [string, () => Promise<unknown>][] = [
  ['bare fetch of describe (baseline)', async () => (await fetch(`${org.url}/services/data/v62.0/sobjects/Account/describe`, { headers: { authorization: `Bearer ${accessToken}` } })).json()],
  ['schema through the connection, refresh', () => vault.service.schemas(vault.actor, created.id, request, { refresh: true })],
  ['schema through the connection, cached', () => vault.service.schemas(vault.actor, created.id, request)],
];

const results = new Map<string, Round[]>();
for (let round = 0; round < rounds; round++) {
  for (const [name, send] of subjects) results.set(name, [...(results.get(name) ?? []), await measure(requests, concurrency, send)]);
}
const baseline = medianRound(results.get(subjects[0]?.[0] ?? '') ?? []).rps;
console.log(`${requests} requests × ${rounds} rounds, concurrency ${concurrency}, medians:`);
for (const [name, list] of results) {
  const { rps, p50, p99 } = medianRound(list);
  console.log(`${name.padEnd(42)} ${rps.toFixed(0).padStart(7)} req/s  p50 ${p50.toFixed(2)} ms  p99 ${p99.toFixed(2)} ms  ratio ${(rps / baseline).toFixed(2)}`);
}
for (const [name, list] of [...results].slice(1)) {
  report({ figure: `${name} req/s`, value: medianRound(list).rps, unit: 'req/s', baseline: 'bare fetch of describe', baselineValue: baseline, better: 'higher' });
}
await vault.close();
await org.close();
