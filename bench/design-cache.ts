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

const [requests = 2000, concurrency = 10, rounds = 3] = process.argv.slice(2).map(Number);

async function measure(send: () => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < requests) {
        const t = performance.now();
        await send();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };
}

const org = await startSalesforceEmulator({ autoApprove: true });
const vault = await startVault({ connectors: [salesforce] });
const created = await vault.service.create(vault.actor, { connector: 'salesforce', name: 'bench', fields: { serverUrl: org.url, clientId: org.clientId, clientSecret: org.clientSecret } });
await authorizeByRedirect(vault, created.id);
const token = await (await fetch(`${org.url}/__emulator/tokens`, { method: 'POST' })).json() as { access_token: string };
const request = { action: 'create', config: { object: 'Account' } };

const subjects: [string, () => Promise<unknown>][] = [
  ['bare fetch of describe (baseline)', async () => (await fetch(`${org.url}/services/data/v62.0/sobjects/Account/describe`, { headers: { authorization: `Bearer ${token.access_token}` } })).json()],
  ['schema through the connection, refresh', () => vault.service.schemas(vault.actor, created.id, request, { refresh: true })],
  ['schema through the connection, cached', () => vault.service.schemas(vault.actor, created.id, request)],
];

const results = new Map<string, { rps: number; p50: number; p99: number }[]>();
for (let round = 0; round < rounds; round++) {
  for (const [name, send] of subjects) results.set(name, [...(results.get(name) ?? []), await measure(send)]);
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const baseline = median((results.get(subjects[0]?.[0] ?? '') ?? []).map((r) => r.rps));
console.log(`${requests} requests × ${rounds} rounds, concurrency ${concurrency}, medians:`);
for (const [name, list] of results) {
  const rps = median(list.map((r) => r.rps));
  console.log(`${name.padEnd(42)} ${rps.toFixed(0).padStart(7)} req/s  p50 ${median(list.map((r) => r.p50)).toFixed(2)} ms  p99 ${median(list.map((r) => r.p99)).toFixed(2)} ms  ratio ${(rps / baseline).toFixed(2)}`);
}
await vault.close();
await org.close();
