/**
 * The engine's share of a webhook event, without HTTP: `engine.webhook` called in-process for the
 * same recipe as bench/webhook-recipe.ts (webhook → one `set` step → synchronous answer, job saved
 * on SQLite), 10 calls in flight. Prints events/s and CPU µs per event (whole process, including
 * the WAL checkpoint thread), beside the baseline of the same run: storing the same job rows only,
 * in batches of 10 (the storage floor no engine change can go under). Use it to see what an engine
 * change costs before the HTTP bench.
 *   npx tsx bench/webhook-engine.ts [events=30000]
 */
import { finishedRow, newJobRow } from '../packages/engine/src/jobs/store.ts';
import { startEngine } from '../packages/engine/src/testing/engine-harness.ts';

const events = Number(process.argv[2] ?? 30_000);
const h = await startEngine();
const { actor } = h.vault;
const recipe = await h.engine.recipes.create(actor, {
  name: 'bench',
  connections: {},
  trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'last_step' } },
  steps: [{ id: 'compute', type: 'set', values: { greeting: 'Hello {{ trigger.body.name }}', total: '{{ trigger.body.amount * 2 }}' } }],
});
const started = await h.engine.recipes.start(actor, recipe.id, {});
const token = (started.webhookUrl ?? '').split('/webhooks/')[1] ?? '';
const request = () => ({
  method: 'POST',
  headers: { host: '127.0.0.1:1234', 'content-type': 'application/json', 'content-length': '26', connection: 'keep-alive' },
  query: {},
  body: { name: 'Ada', amount: 21 },
});

async function send(count: number): Promise<void> {
  let sent = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (sent++ < count) {
        const answer = await h.engine.webhook(token, request());
        if (answer.status !== 200) throw new Error(`unexpected answer ${JSON.stringify(answer)}`);
      }
    }),
  );
}

/** The rows the engine writes for these events, stored 10 per statement. */
async function storeOnly(count: number): Promise<void> {
  const outcome = { status: 'succeeded' as const, result: { greeting: 'Hello Ada', total: 42 }, error: null, droppedRecords: 0, steps: [{ path: 'steps[0]', id: 'compute', type: 'set', status: 'succeeded' as const, output: { greeting: 'Hello Ada', total: 42 }, durationMs: 0.01 }] };
  for (let i = 0; i < count; i += 10) {
    const rows = Array.from({ length: 10 }, () => finishedRow(newJobRow({ workspaceId: actor.workspaceId, recipeId: recipe.id, version: 1, trigger: { ...request(), receivedAt: new Date().toISOString() }, status: 'running' }), outcome));
    await h.vault.store.append('jobs', rows);
  }
}

async function measure(run: (count: number) => Promise<void>): Promise<{ perSecond: number; cpuMicros: number }> {
  await run(5_000); // warm-up: JIT, statement cache, WAL
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await run(events);
  const used = process.cpuUsage(cpu);
  return { perSecond: (events / (performance.now() - t0)) * 1000, cpuMicros: (used.user + used.system) / events };
}

const baseline = await measure(storeOnly);
const engine = await measure(send);
console.log(`${events} events, 10 in flight`);
console.log(`store only   ${baseline.perSecond.toFixed(0).padStart(7)} rows/s    ${baseline.cpuMicros.toFixed(1)} µs CPU per row`);
console.log(`engine       ${engine.perSecond.toFixed(0).padStart(7)} events/s  ${engine.cpuMicros.toFixed(1)} µs CPU per event`);
console.log(`ratio engine/store-only CPU: ${(engine.cpuMicros / baseline.cpuMicros).toFixed(2)}`);
await h.close();
