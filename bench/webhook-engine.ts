/**
 * The engine's share of a webhook event, without HTTP: `engine.webhook` called in-process for the
 * same recipe as bench/webhook-recipe.ts (webhook → one `set` step → synchronous answer, job saved
 * on SQLite), 10 calls in flight. Prints events/s and CPU µs per event (whole process, including
 * the WAL checkpoint thread) for two engines of the same code, each on its own database, measured
 * in alternating batches: one sealing job payloads (as every server does) and one storing them as
 * plain JSON (what encryption at rest costs); beside the baseline of the same run: storing the same
 * job rows only, in batches of 10 (the storage floor no engine change can go under). Use it to see
 * what an engine change costs before the HTTP bench.
 *   npx tsx bench/webhook-engine.ts [events=30000] [batches=6]
 */
import { finishedRow, newJobRow } from '../packages/engine/src/jobs/store.ts';
import { plaintextPayloads } from '../packages/engine/src/jobs/payloads.ts';
import { type EngineHarness, startEngine } from '../packages/engine/src/testing/engine-harness.ts';
import { report } from './result.ts';

const events = Number(process.argv[2] ?? 30_000);
const batches = Number(process.argv[3] ?? 6);
const request = () => ({
  method: 'POST',
  headers: { host: '127.0.0.1:1234', 'content-type': 'application/json', 'content-length': '26', connection: 'keep-alive' },
  query: {},
  body: { name: 'Ada', amount: 21 },
});

/** An engine with the bench recipe started; `send(n)` fires n webhooks at it, 10 in flight. */
async function subject(h: EngineHarness): Promise<{ h: EngineHarness; recipeId: string; send: (count: number) => Promise<void> }> {
  const recipe = await h.engine.recipes.create(h.vault.actor, {
    name: 'bench',
    connections: {},
    trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'last_step' } },
    steps: [{ id: 'compute', type: 'set', values: { greeting: 'Hello {{ trigger.body.name }}', total: '{{ trigger.body.amount * 2 }}' } }],
  });
  const started = await h.engine.recipes.start(h.vault.actor, recipe.id, {});
  const token = (started.webhookUrl ?? '').split('/webhooks/')[1] ?? '';
  const send = async (count: number) => {
    let sent = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (sent++ < count) {
          const answer = await h.engine.webhook(token, request());
          if (answer.status !== 200) throw new Error(`unexpected answer ${JSON.stringify(answer)}`);
        }
      }),
    );
  };
  return { h, recipeId: recipe.id, send };
}

const sealed = await subject(await startEngine());
const plain = await subject(await startEngine({ payloads: plaintextPayloads }));

/** The rows the engine writes for these events, stored 10 per statement. */
async function storeOnly(count: number): Promise<void> {
  const outcome = { status: 'succeeded' as const, result: { greeting: 'Hello Ada', total: 42 }, error: null, droppedRecords: 0, steps: [{ path: 'steps[0]', id: 'compute', type: 'set', status: 'succeeded' as const, output: { greeting: 'Hello Ada', total: 42 }, durationMs: 0.01 }] };
  for (let i = 0; i < count; i += 10) {
    const rows = Array.from({ length: 10 }, () =>
      finishedRow(newJobRow({ workspaceId: plain.h.vault.actor.workspaceId, recipeId: plain.recipeId, version: 1, trigger: { ...request(), receivedAt: new Date().toISOString() }, status: 'running' }), outcome),
    );
    await plain.h.vault.store.append('jobs', rows);
  }
}

const subjects = { 'store only': storeOnly, 'engine, plain payloads': plain.send, engine: sealed.send };
const totals = new Map<string, { micros: number; ms: number; events: number }>();
for (const run of Object.values(subjects)) await run(5_000); // warm-up: JIT, statement cache, WAL
for (let batch = 0; batch < batches; batch++) {
  // Alternating order: neither engine always runs right after the other's writes.
  const order = Object.entries(subjects);
  for (const [name, run] of batch % 2 === 0 ? order : order.reverse()) {
    const count = Math.ceil(events / batches);
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    await run(count);
    const used = process.cpuUsage(cpu);
    const total = totals.get(name) ?? { micros: 0, ms: 0, events: 0 };
    totals.set(name, { micros: total.micros + used.user + used.system, ms: total.ms + performance.now() - t0, events: total.events + count });
  }
}
const cpuOf = (name: string) => {
  const t = totals.get(name);
  return t ? t.micros / t.events : 0;
};
console.log(`${events} events per subject in ${batches} alternating batches, 10 in flight`);
for (const [name, t] of totals) console.log(`${name.padEnd(23)} ${((t.events / t.ms) * 1000).toFixed(0).padStart(7)} per s  ${(t.micros / t.events).toFixed(1)} µs CPU each`);
console.log(`encryption at rest: ×${(cpuOf('engine') / cpuOf('engine, plain payloads')).toFixed(3)} CPU per event (${(cpuOf('engine') - cpuOf('engine, plain payloads')).toFixed(1)} µs)`);
console.log(`ratio engine/store-only CPU: ${(cpuOf('engine') / cpuOf('store only')).toFixed(2)}`);
report({ figure: 'engine CPU per sync event', value: cpuOf('engine'), unit: 'µs', baseline: 'storing the same rows only', baselineValue: cpuOf('store only'), better: 'lower' });
report({ figure: 'engine CPU per event, payloads sealed', value: cpuOf('engine'), unit: 'µs', baseline: 'payloads as plain JSON', baselineValue: cpuOf('engine, plain payloads'), better: 'lower' });
await sealed.h.close();
await plain.h.close();
