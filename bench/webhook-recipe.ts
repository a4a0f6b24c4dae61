/**
 * Webhook → one `set` mapping step → synchronous answer, with every job's history saved, against a
 * bare node:http server doing the same JSON work and saving nothing. Both run as child processes;
 * autocannon drives them alternately from this process on 127.0.0.1.
 *   npx tsx bench/webhook-recipe.ts [seconds=10] [connections=10] [rounds=2]
 *   BENCH_CPU_PROFILE=/tmp/prof npx tsx bench/webhook-recipe.ts   (also profiles the server)
 * Prints requests/s, p50/p99 latency, each server's CPU per request (from /proc, Linux) and the ratio
 * to the bare server, and the jobs saved.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { report } from './result.ts';
import { api, field, processCpuMicros, startChild, startServe } from './server-process.ts';

const [seconds = 10, connections = 10, rounds = 2] = process.argv.slice(2).map(Number);
const payload = JSON.stringify({ name: 'Ada', amount: 21 });

/** One round of load on `url`; CPU per request is the server process's (`pid`) CPU over the requests it answered. */
async function load(url: string, pid: number | undefined) {
  const cpu = processCpuMicros(pid);
  const result = await autocannon({ url, method: 'POST', connections, duration: seconds, body: payload, headers: { 'content-type': 'application/json' } });
  const cpuUs = (processCpuMicros(pid) - cpu) / Math.max(1, result.requests.total);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpuUs, errors: result.errors + result.non2xx };
}

const dataDir = mkdtempSync(join(tmpdir(), 'patchbay-bench-'));
const bare = await startChild(['bench/bare-server.mjs'], {}, /listening (\d+)/);
const patchbay = await startServe(dataDir);
const { base } = patchbay;
try {
  const recipe = await api(base, '/api/v1/recipes', {
    method: 'POST',
    body: JSON.stringify({
      name: 'bench',
      connections: {},
      trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'last_step' } },
      steps: [{ id: 'compute', type: 'set', values: { greeting: 'Hello {{ trigger.body.name }}', total: '{{ trigger.body.amount * 2 }}' } }],
    }),
  });
  const started = await api(base, `/api/v1/recipes/${String(field(recipe, 'id'))}/start`, { method: 'POST', body: '{}' });
  const webhookUrl = String(field(started, 'webhookUrl'));
  const check = await (await fetch(webhookUrl, { method: 'POST', body: payload, headers: { 'content-type': 'application/json' } })).text();
  console.log(`answer: ${check}`);

  const bareUrl = `http://127.0.0.1:${bare.match[1]}/`;
  const figures: Record<string, { rps: number; p50: number; p99: number; cpuUs: number; errors: number }[]> = { bare: [], patchbay: [] };
  for (let round = 0; round < rounds; round++) {
    figures.bare?.push(await load(bareUrl, bare.child.pid));
    figures.patchbay?.push(await load(webhookUrl, patchbay.child.pid));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const summary = Object.fromEntries(
    Object.entries(figures).map(([k, rs]) => [k, { rps: median(rs.map((r) => r.rps)), p50: median(rs.map((r) => r.p50)), p99: median(rs.map((r) => r.p99)), cpuUs: median(rs.map((r) => r.cpuUs)), errors: rs.reduce((a, r) => a + r.errors, 0) }]),
  );
  const jobs = await api(base, `/api/v1/recipes/${String(field(recipe, 'id'))}/jobs?limit=1`);
  console.log(`${seconds}s × ${rounds} rounds, ${connections} connections, median of rounds`);
  for (const [name, s] of Object.entries(summary)) {
    console.log(`${name.padEnd(9)} ${s.rps.toFixed(0).padStart(7)} req/s  p50 ${s.p50} ms  p99 ${s.p99} ms  ${s.cpuUs.toFixed(0).padStart(4)} µs CPU/request (server)  errors ${s.errors}`);
  }
  console.log(`ratio patchbay/bare: ${((summary.patchbay?.rps ?? 0) / (summary.bare?.rps ?? 1)).toFixed(3)}; latest job: ${JSON.stringify(jobs).slice(0, 200)}`);
  const [p, b] = [summary.patchbay, summary.bare];
  if (p && b) {
    report({ figure: 'sync webhook req/s', value: p.rps, unit: 'req/s', baseline: 'bare node:http req/s', baselineValue: b.rps, better: 'higher' });
    report({ figure: 'sync webhook CPU per request', value: p.cpuUs, unit: 'µs', baseline: 'bare node:http CPU per request', baselineValue: b.cpuUs, better: 'lower' });
  }
} finally {
  bare.child.kill();
  // Waits for a clean exit: the CPU profile is written then.
  const exited = new Promise((resolve) => patchbay.child.once('exit', resolve));
  patchbay.child.kill('SIGTERM');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
}
