import type { JobView, RecipeView } from '@patchbay/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

/**
 * Issue 10: one mapping could end the server (`$pad` to 500 M characters: "Fatal JavaScript invalid
 * size error") or hold its event loop for seconds (a backtracking regex the save-time guard does not
 * refuse). Mappings now run in the expression pool's child processes, under a deadline and a heap cap.
 */
const BACKTRACKS = '{{ $contains(trigger.body.s, /(a|aa)+$/) }}';
const BACKTRACKING_BODY = { s: `${'a'.repeat(40)}!` };
const HUGE = '{{ $length($pad("", 500000000, "x")) }}';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
});

/** A recipe whose webhook answers with one `set` step's values. */
async function startRecipe(name: string, expression: string): Promise<string> {
  const definition = {
    name,
    connections: {},
    trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'last_step', timeoutMs: 30_000 } },
    steps: [{ id: 'compute', type: 'set', values: { v: expression } }],
  };
  const created = await server.api('/api/v1/recipes', { method: 'POST', json: definition });
  expect(created.status, created.text).toBe(201);
  const started = await server.api(`/api/v1/recipes/${(created.body as RecipeView).id}/start`, { method: 'POST' });
  expect(started.status, started.text).toBe(200);
  return new URL((started.body as RecipeView).webhookUrl ?? '').pathname;
}

/** Fires the webhook and returns the job it ran (a failed synchronous job answers 502 `job_failed` with its id). */
async function fire(path: string, body: unknown): Promise<JobView> {
  const answer = await server.api(path, { method: 'POST', json: body, headers: { authorization: '' } });
  expect(answer.status, answer.text).toBe(502);
  const { error } = answer.body as { error: { code: string; details: { jobId: string; step: string } } };
  expect(error).toMatchObject({ code: 'job_failed', details: { step: 'compute' } });
  const job = await server.api(`/api/v1/jobs/${error.details.jobId}`);
  expect(job.status, job.text).toBe(200);
  return job.body as JobView;
}

/**
 * Asks for /health every 10 ms and keeps the longest wait, counted from when each probe was due:
 * the server runs in this process, so a blocked event loop would delay the probe's timer as much
 * as the answer, and only the due time shows it.
 */
function probeHealth(): { stop(): Promise<{ longestMs: number; probes: number }> } {
  let running = true;
  let longestMs = 0;
  let probes = 0;
  const loop = (async () => {
    let due = performance.now();
    while (running) {
      const answer = await fetch(`${server.url}/health`);
      await answer.arrayBuffer();
      expect(answer.status).toBe(200);
      longestMs = Math.max(longestMs, performance.now() - due);
      probes++;
      due = performance.now() + 10;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { longestMs, probes };
    },
  };
}

function expectExpressionLimit(job: JobView): void {
  expect(job.status).toBe('failed');
  const [step] = job.steps as { id: string; status: string; error?: { code: string; message: string } }[];
  expect(step).toMatchObject({ id: 'compute', status: 'failed', error: { code: 'expression_limit' } });
  expect(step?.error?.message).toMatch(/^steps\[0\]\.values\.v has an expression that (ran longer than 1000 ms|used more than 64 MB of memory) and was stopped/);
}

describe('a mapping past its limits', () => {
  it('fails its step with expression_limit, and the server stays up', async () => {
    const regex = await startRecipe('Backtracking regex', BACKTRACKS);
    const huge = await startRecipe('Huge value', HUGE);
    expectExpressionLimit(await fire(regex, BACKTRACKING_BODY));
    expectExpressionLimit(await fire(huge, {}));
    expect((await server.api('/health')).status).toBe(200);
  });

  it('never holds /health: a probe every 10 ms waits under 100 ms while 8 such webhooks run at once', async () => {
    const regex = await startRecipe('Backtracking regex, again', BACKTRACKS);
    const huge = await startRecipe('Huge value, again', HUGE);
    const probe = probeHealth();
    const jobs = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? fire(regex, BACKTRACKING_BODY) : fire(huge, {}))));
    const { longestMs, probes } = await probe.stop();
    for (const job of jobs) expectExpressionLimit(job);
    // 8 expressions on 2 processes, each stopped after about a second: the probe ran throughout.
    expect(probes).toBeGreaterThan(50);
    expect(longestMs).toBeLessThan(100);
  });
});
