import { afterEach, expect, it } from 'vitest';
import { sleep, waitFor } from '@patchbay/testkit';
import type { Job, Queue } from '../queue.ts';

export interface ContractSetup {
  /** A started queue whose retries begin after `retryBaseMs`. */
  create(): Promise<Queue>;
  retryBaseMs: number;
}

/** Records handler starts and ends to check order and overlap. */
function recorder() {
  const events: { at: number; kind: 'start' | 'end'; id: string; group: string | null }[] = [];
  let running = 0;
  let maxRunning = 0;
  const perGroup = new Map<string, { now: number; max: number }>();
  return {
    events,
    maxRunning: () => maxRunning,
    maxInGroup: (group: string) => perGroup.get(group)?.max ?? 0,
    async run(job: Job, ms: number) {
      const g = perGroup.get(job.group ?? '') ?? { now: 0, max: 0 };
      perGroup.set(job.group ?? '', g);
      events.push({ at: Date.now(), kind: 'start', id: job.id, group: job.group });
      maxRunning = Math.max(maxRunning, ++running);
      g.max = Math.max(g.max, ++g.now);
      await sleep(ms);
      g.now--;
      running--;
      events.push({ at: Date.now(), kind: 'end', id: job.id, group: job.group });
    },
  };
}

/** Behaviour both Queue implementations must share. */
export function queueContract(setup: ContractSetup): void {
  let queues: Queue[] = [];
  const open = async () => {
    const queue = await setup.create();
    queues.push(queue);
    return queue;
  };
  afterEach(async () => {
    await Promise.all(queues.map((q) => q.stop({ timeoutMs: 2_000 })));
    queues = [];
  });

  it('runs the handler with the payload, then counts the job as succeeded', async () => {
    const queue = await open();
    const seen: Job[] = [];
    await queue.work('hello', async (job) => void seen.push(job), { concurrency: 2 });
    const id = await queue.enqueue('hello', { recipeId: 'r1', n: [1, 2] });
    await waitFor('the job', () => seen.length === 1);
    expect(seen[0]).toEqual({ id, name: 'hello', payload: { recipeId: 'r1', n: [1, 2] }, attempt: 1, maxAttempts: 5, group: null });
    await waitFor('success recorded', async () => (await queue.counts('hello')).succeeded === 1);
    expect(await queue.counts('hello')).toEqual({ queued: 0, running: 0, succeeded: 1, dead: 0 });
  });

  it('retries a failing handler with growing back-off, then succeeds', async () => {
    const queue = await open();
    const starts: { attempt: number; at: number }[] = [];
    await queue.work('flaky', async (job) => {
      starts.push({ attempt: job.attempt, at: Date.now() });
      if (job.attempt < 3) throw new Error(`boom ${job.attempt}`);
    }, { concurrency: 1 });
    await queue.enqueue('flaky', null, { maxAttempts: 4 });
    await waitFor('the third attempt to succeed', async () => (await queue.counts('flaky')).succeeded === 1, 30_000);
    expect(starts.map((s) => s.attempt)).toEqual([1, 2, 3]);
    // Back-off is base·2^(attempt-1)·(1+random): at least base, then at least 2·base.
    const [a, b, c] = starts.map((s) => s.at) as [number, number, number];
    expect(b - a).toBeGreaterThanOrEqual(setup.retryBaseMs - 50);
    expect(c - b).toBeGreaterThanOrEqual(2 * setup.retryBaseMs - 50);
  });

  it('marks a job dead after maxAttempts and never runs it again', async () => {
    const queue = await open();
    const attempts: number[] = [];
    await queue.work('doomed', async (job) => {
      attempts.push(job.attempt);
      throw new Error('always');
    }, { concurrency: 1 });
    await queue.enqueue('doomed', { x: 1 }, { maxAttempts: 2 });
    await waitFor('the job to die', async () => (await queue.counts('doomed')).dead === 1, 30_000);
    await sleep(setup.retryBaseMs * 2);
    expect(attempts).toEqual([1, 2]);
    expect(await queue.counts('doomed')).toEqual({ queued: 0, running: 0, succeeded: 0, dead: 1 });
  });

  it('groupConcurrency 1 runs a group one at a time in enqueue order, other groups in parallel', async () => {
    const queue = await open();
    const rec = recorder();
    await queue.work('ordered', (job) => rec.run(job, 40), { concurrency: 4 });
    const ids: Record<string, string[]> = { a: [], b: [] };
    for (let i = 0; i < 6; i++) {
      for (const group of ['a', 'b'] as const) ids[group]!.push(await queue.enqueue('ordered', { i }, { group, groupConcurrency: 1 }));
    }
    await waitFor('12 jobs', () => rec.events.filter((e) => e.kind === 'end').length === 12);
    for (const group of ['a', 'b']) {
      const starts = rec.events.filter((e) => e.kind === 'start' && e.group === group).map((e) => e.id);
      expect(starts).toEqual(ids[group]);
      expect(rec.maxInGroup(group)).toBe(1);
    }
    expect(rec.maxRunning()).toBe(2);
  });

  it('groupConcurrency 2 never runs more than two of the group at once', async () => {
    const queue = await open();
    const rec = recorder();
    await queue.work('pairs', (job) => rec.run(job, 60), { concurrency: 6 });
    for (let i = 0; i < 8; i++) await queue.enqueue('pairs', { i }, { group: 'g', groupConcurrency: 2 });
    for (let i = 0; i < 3; i++) await queue.enqueue('pairs', { i }, { group: 'free' });
    await waitFor('11 jobs', () => rec.events.filter((e) => e.kind === 'end').length === 11);
    expect(rec.maxInGroup('g')).toBeLessThanOrEqual(2);
    expect(rec.maxInGroup('g')).toBeGreaterThanOrEqual(1);
    // The group without a limit is not held back by the limited one.
    expect(rec.maxInGroup('free')).toBeGreaterThan(1);
  });

  it('does not start a job before runAt', async () => {
    const queue = await open();
    const started: number[] = [];
    await queue.work('later', async () => void started.push(Date.now()), { concurrency: 1 });
    const runAt = new Date(Date.now() + 1_200);
    await queue.enqueue('later', {}, { runAt });
    await waitFor('the delayed job', () => started.length === 1);
    expect(started[0]).toBeGreaterThanOrEqual(runAt.getTime() - 50);
  });

  it('stop() waits for running handlers and hands back those that outlive the timeout', async () => {
    const queue = await open();
    let finished = 0;
    await queue.work('slow', async (job) => {
      if (job.payload === 'hang') await new Promise(() => {});
      await sleep(300);
      finished++;
    }, { concurrency: 2 });
    await queue.enqueue('slow', 'finish');
    await waitFor('the job to start', async () => (await queue.counts('slow')).running === 1);
    await queue.stop({ timeoutMs: 5_000 });
    expect(finished).toBe(1);

    const second = await open();
    await second.work('slow2', async () => new Promise(() => {}), { concurrency: 1 });
    await second.enqueue('slow2', 'hang', { maxAttempts: 3 });
    await waitFor('the hanging job to start', async () => (await second.counts('slow2')).running === 1);
    const before = Date.now();
    await second.stop({ timeoutMs: 300 });
    expect(Date.now() - before).toBeLessThan(5_000);
    const reopened = await open();
    expect(await reopened.counts('slow2')).toEqual({ queued: 1, running: 0, succeeded: 0, dead: 0 });
  });
}
