/**
 * Accepted webhooks on SQLite, beside the synchronous path of the same recipe in the same run: one
 * real `patchbay serve` (as bench/webhook-recipe.ts starts it), one `set`-step recipe answering
 * `response: "accepted"` (202 once the event is stored and queued) and the same recipe with
 * `response: "last_step"`. autocannon drives them alternately at `connections` in flight. For the
 * accepted recipe it also prints jobs completed per second (during the load, and until the backlog
 * drains) and the backlog (queued + running jobs) every two seconds, read from the SQLite file.
 *   npx tsx bench/webhook-accepted.ts [seconds=10] [connections=10] [rounds=2]
 *   BENCH_CPU_PROFILE=/tmp/prof npx tsx bench/webhook-accepted.ts   (also profiles the server)
 *   BENCH_ACCEPTED_ONLY=1 …   (skips the synchronous rounds: a profile of the accepted path alone)
 * (PostgreSQL and separate workers: bench/webhook-accepted-pg.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startServe, startSetRecipe } from './server-process.ts';
import Database from 'better-sqlite3';
import { median } from './measure.ts';
import { report } from './result.ts';

const [seconds = 10, connections = 10, rounds = 2] = process.argv.slice(2).map(Number);
const payload = JSON.stringify({ name: 'Ada', amount: 21 });

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(url: string, expected: number): Promise<Load> {
  const result = await autocannon({ url, method: 'POST', connections, duration: seconds, body: payload, headers: { 'content-type': 'application/json' } });
  const unexpected = Object.entries(result.statusCodeStats ?? {}).filter(([code]) => Number(code) !== expected).reduce((n, [, s]) => n + (s.count ?? 0), 0);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + unexpected };
}

const dataDir = mkdtempSync(join(tmpdir(), 'patchbay-bench-'));
const patchbay = await startServe(dataDir);
const { base } = patchbay;
// Read-only look at the server's own file (WAL: readers never block its writer).
const db = new Database(join(dataDir, 'patchbay.db'), { readonly: true, fileMustExist: true });
const byStatus = db.prepare('SELECT status, count(*) AS n FROM jobs WHERE recipe_id = ? GROUP BY status');
function jobCounts(recipeId: string): Record<string, number> {
  const counts: Record<string, number> = { queued: 0, running: 0, succeeded: 0, failed: 0 };
  for (const row of byStatus.all(recipeId)) {
    if (typeof row === 'object' && row !== null && 'status' in row && 'n' in row) counts[String(row.status)] = Number(row.n);
  }
  return counts;
}
const backlogOf = (c: Record<string, number>) => (c.queued ?? 0) + (c.running ?? 0);

try {
  const accepted = await startSetRecipe(base, 'accepted');
  const sync = await startSetRecipe(base, 'last_step');
  console.log(`accepted answer: ${await (await fetch(accepted.url, { method: 'POST', body: payload, headers: { 'content-type': 'application/json' } })).text()}`);
  console.log(`sync answer:     ${await (await fetch(sync.url, { method: 'POST', body: payload, headers: { 'content-type': 'application/json' } })).text()}`);

  const syncRounds: Load[] = [];
  const acceptedRounds: (Load & { jobsPerSecondDuring: number; jobsPerSecondToDrained: number; drainSeconds: number; backlog: number[] })[] = [];
  for (let round = 0; round < rounds; round++) {
    if (!process.env.BENCH_ACCEPTED_ONLY) syncRounds.push(await load(sync.url, 200));
    const before = jobCounts(accepted.id).succeeded ?? 0;
    const backlog: number[] = [];
    const sampler = setInterval(() => backlog.push(backlogOf(jobCounts(accepted.id))), 2_000);
    const t0 = performance.now();
    const figures = await load(accepted.url, 202);
    const loadSeconds = (performance.now() - t0) / 1000;
    const doneDuring = (jobCounts(accepted.id).succeeded ?? 0) - before;
    // Then until every accepted job has run (bounded: a queue that cannot keep up shows here).
    const drainStart = performance.now();
    // Requests autocannon had in flight when it stopped still reach the server: settle, then drain.
    await new Promise((r) => setTimeout(r, 200));
    while (backlogOf(jobCounts(accepted.id)) > 0 && performance.now() - drainStart < 60_000) await new Promise((r) => setTimeout(r, 100));
    clearInterval(sampler);
    const drainSeconds = (performance.now() - drainStart) / 1000;
    const done = (jobCounts(accepted.id).succeeded ?? 0) - before;
    acceptedRounds.push({ ...figures, jobsPerSecondDuring: doneDuring / loadSeconds, jobsPerSecondToDrained: done / (loadSeconds + drainSeconds), drainSeconds, backlog });
  }
  const s = { rps: median(syncRounds.map((r) => r.rps)), p50: median(syncRounds.map((r) => r.p50)), p99: median(syncRounds.map((r) => r.p99)), errors: syncRounds.reduce((n, r) => n + r.errors, 0) };
  const a = { rps: median(acceptedRounds.map((r) => r.rps)), p50: median(acceptedRounds.map((r) => r.p50)), p99: median(acceptedRounds.map((r) => r.p99)), errors: acceptedRounds.reduce((n, r) => n + r.errors, 0) };
  console.log(`${seconds}s × ${rounds} rounds, ${connections} connections, median of rounds (SQLite)`);
  console.log(`sync      ${s.rps.toFixed(0).padStart(7)} req/s  p50 ${s.p50} ms  p99 ${s.p99} ms  errors ${s.errors}`);
  console.log(`accepted  ${a.rps.toFixed(0).padStart(7)} req/s  p50 ${a.p50} ms  p99 ${a.p99} ms  errors ${a.errors}`);
  for (const [i, r] of acceptedRounds.entries()) {
    console.log(`  round ${i + 1}: ${r.rps.toFixed(0)} accepted/s, jobs done/s during load ${r.jobsPerSecondDuring.toFixed(0)}, to drained ${r.jobsPerSecondToDrained.toFixed(0)} (drain ${r.drainSeconds.toFixed(1)} s), backlog every 2 s: ${r.backlog.join(' ')}`);
  }
  console.log(`ratio accepted/sync: ${(a.rps / s.rps).toFixed(3)}; jobs: ${JSON.stringify(jobCounts(accepted.id))}`);
  if (syncRounds.length > 0) report({ figure: 'accepted webhook req/s', value: a.rps, unit: 'req/s', baseline: 'sync webhook req/s (same recipe)', baselineValue: s.rps, better: 'higher' });
  // Keeping pace: jobs completed per second until the backlog drained, against the rate they were accepted at (1 = no backlog left).
  const jobsPerSecond = median(acceptedRounds.map((r) => r.jobsPerSecondToDrained));
  report({ figure: 'accepted jobs done/s (to drained)', value: jobsPerSecond, unit: 'jobs/s', baseline: 'jobs accepted/s', baselineValue: a.rps, better: 'higher' });
} finally {
  db.close();
  // Waits for a clean exit: the CPU profile is written then.
  const exited = new Promise((resolve) => patchbay.child.once('exit', resolve));
  patchbay.child.kill('SIGTERM');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
}
