/**
 * The embedded (SQLite) queue draining a backlog, without the engine: `jobs` jobs enqueued first,
 * spread over `groups` groups of concurrency 10 (as a busy webhook recipe's jobs are when a burst
 * outruns its slots), then one worker of concurrency 10 runs them with handlers that return at once.
 * Prints CPU µs per job and jobs/s, beside the baseline from the same run: the same jobs drained
 * from a backlog of `small` jobs at a time (the claim's cost when nothing waits). A ratio near 1
 * means a claim costs the same whatever waits behind it. Rounds alternate which goes first.
 *   npx tsx bench/queue-backlog.ts [jobs=20000] [groups=3] [rounds=2] [small=200]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '@patchbay/store';
import { createEmbeddedQueue } from '../packages/queue/src/index.ts';
import { median } from './measure.ts';
import { report } from './result.ts';

const [jobs = 20_000, groups = 3, rounds = 2, small = 200] = process.argv.slice(2).map(Number);

interface Drain {
  perSecond: number;
  cpuUs: number;
}

/** A fresh database; enqueues `total` jobs `backlog` at a time and drains each batch before the next. */
async function drain(total: number, backlog: number): Promise<Drain> {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-backlog-'));
  const store = createStore(join(dir, 'queue.db'));
  await store.migrate();
  const queue = createEmbeddedQueue(store, { pollIntervalMs: 50 });
  let done = 0;
  await queue.work('bench', async () => void done++, { concurrency: 10 });
  let cpuUs = 0;
  let ms = 0;
  for (let sent = 0; sent < total; sent += backlog) {
    const batch = Math.min(backlog, total - sent);
    await Promise.all(Array.from({ length: batch }, (_, i) => queue.enqueue('bench', { i }, { group: `recipe-${(sent + i) % groups}`, groupConcurrency: 10 })));
    // Only the drain is timed: enqueueing costs the same either way.
    const [cpu, t0, target] = [process.cpuUsage(), performance.now(), sent + batch];
    if (sent === 0) await queue.start();
    while (done < target) await new Promise((resolve) => setTimeout(resolve, 5));
    const used = process.cpuUsage(cpu);
    cpuUs += used.user + used.system;
    ms += performance.now() - t0;
  }
  await queue.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { perSecond: (total / ms) * 1000, cpuUs: cpuUs / total };
}

const figures = { large: [] as Drain[], small: [] as Drain[] };
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? (['large', 'small'] as const) : (['small', 'large'] as const);
  for (const kind of order) {
    const result = await drain(jobs, kind === 'large' ? jobs : small);
    figures[kind].push(result);
    console.log(`round ${round + 1}, backlog ${kind === 'large' ? jobs : small}: ${result.perSecond.toFixed(0)} jobs/s, ${result.cpuUs.toFixed(0)} µs CPU per job`);
  }
}
const pick = (kind: keyof typeof figures, key: keyof Drain) => median(figures[kind].map((d) => d[key]));
report({ figure: `drain of a ${jobs}-job backlog, CPU per job`, value: pick('large', 'cpuUs'), unit: 'µs', baseline: `backlog of ${small}`, baselineValue: pick('small', 'cpuUs'), better: 'lower' });
report({ figure: `drain of a ${jobs}-job backlog, jobs/s`, value: pick('large', 'perSecond'), unit: 'jobs/s', baseline: `backlog of ${small}`, baselineValue: pick('small', 'perSecond'), better: 'higher' });
