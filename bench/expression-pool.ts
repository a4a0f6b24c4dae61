/**
 * What isolating expressions costs: a mapping that is not on the direct path, evaluated inline (in
 * this thread, JSONata as before: the baseline) and through the expression pool (a child process
 * per evaluation, the task and the answer serialized across), over a small trigger body and over a
 * large one (the whole scope crosses to the process for every expression). Prints evaluations per
 * second, latency, the time the event loop was busy per evaluation (what the server's request
 * thread pays), this process's CPU per evaluation (the event loop and the pool's relay thread; the
 * pool's processes are not counted) and the ratios to inline, each the median of the rounds, which
 * alternate the subjects. Also the first answer of a fresh pool (it starts lazily).
 *   npx tsx bench/expression-pool.ts [evaluations=3000] [concurrency=10] [rounds=3]
 */
import { compileMapping, createExpressionPool, inlineRunner, type ExpressionRunner, type MappingScope } from '../packages/engine/src/mapping/index.ts';
import { median } from './measure.ts';
import { report } from './result.ts';

const [evaluations = 3000, concurrency = 10, rounds = 3] = process.argv.slice(2).map(Number);

/** A `set` step's values that JSONata evaluates (a function call, a path over an array). */
const MAPPING = { total: '{{ $sum(trigger.body.lines.(qty * price)) }}', name: '{{ $uppercase(trigger.body.customer.name) }}' };
const line = (i: number) => ({ sku: `SKU-${i}`, description: `Item number ${i}, a line of an order`, qty: (i % 5) + 1, price: 9.99 });
const body = (lines: number) => ({ customer: { name: 'Ada Lovelace', email: 'ada@example.com' }, lines: Array.from({ length: lines }, (_, i) => line(i)) });
const SCOPES: [string, MappingScope][] = [
  [`small body (${JSON.stringify(body(3)).length} B)`, { trigger: { body: body(3) }, steps: {} }],
  [`large body (${Math.round(JSON.stringify(body(1500)).length / 1024)} KiB)`, { trigger: { body: body(1500) }, steps: {} }],
];

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  cpuMicros: number;
  loopMicros: number;
}

async function measure(runner: ExpressionRunner, scope: MappingScope, count: number): Promise<Figures> {
  const mapping = compileMapping(MAPPING, { path: 'steps[0].values', runner });
  const latencies: number[] = [];
  let next = 0;
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) {
        const t = performance.now();
        await mapping.evaluate(scope);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const busy = performance.eventLoopUtilization(loop);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  // Each evaluation of the mapping is two expressions.
  return { perSecond: count / seconds, p50: at(0.5), p99: at(0.99), cpuMicros: (used.user + used.system) / count, loopMicros: (busy.active * 1000) / count };
}

const fresh = createExpressionPool();
const t0 = performance.now();
await compileMapping(MAPPING, { path: 'x', runner: fresh }).evaluate(SCOPES[0]?.[1] as MappingScope);
const firstMs = performance.now() - t0;
await fresh.close();

const pool = createExpressionPool();
const subjects: [string, ExpressionRunner][] = [
  ['inline (baseline)', inlineRunner],
  ['expression pool', pool],
];
for (const [label, scope] of SCOPES) {
  const count = label.startsWith('large') ? Math.max(100, Math.floor(evaluations / 10)) : evaluations;
  const results = new Map<string, Figures[]>();
  for (const [, runner] of subjects) await measure(runner, scope, Math.min(count, 200)); // warm-up: JIT, processes started
  for (let round = 0; round < rounds; round++) {
    for (const [name, runner] of subjects) results.set(name, [...(results.get(name) ?? []), await measure(runner, scope, count)]);
  }
  const medianOf = (name: string): Figures => {
    const list = results.get(name) ?? [];
    return { perSecond: median(list.map((f) => f.perSecond)), p50: median(list.map((f) => f.p50)), p99: median(list.map((f) => f.p99)), cpuMicros: median(list.map((f) => f.cpuMicros)), loopMicros: median(list.map((f) => f.loopMicros)) };
  };
  const baseline = medianOf(subjects[0]?.[0] ?? '');
  console.log(`${label}: ${count} evaluations of 2 expressions × ${rounds} rounds, concurrency ${concurrency}, medians:`);
  for (const [name] of subjects) {
    const f = medianOf(name);
    console.log(
      `  ${name.padEnd(18)} ${f.perSecond.toFixed(0).padStart(7)} mappings/s  p50 ${f.p50.toFixed(2)} ms  p99 ${f.p99.toFixed(2)} ms  ` +
        `event loop ${f.loopMicros.toFixed(0).padStart(5)} µs  CPU here ${f.cpuMicros.toFixed(0).padStart(5)} µs per mapping  ` +
        `ratios: throughput ${(f.perSecond / baseline.perSecond).toFixed(2)}, event loop ${(f.loopMicros / baseline.loopMicros).toFixed(2)}, CPU here ${(f.cpuMicros / baseline.cpuMicros).toFixed(2)}`,
    );
  }
  // What the server's request thread pays for a mapping: the figure the pool exists to lower.
  const pooled = medianOf(subjects[1]?.[0] ?? '');
  report({ figure: `pool event-loop time per mapping, ${label.split(' (')[0]}`, value: pooled.loopMicros, unit: 'µs', baseline: 'inline JSONata', baselineValue: baseline.loopMicros, better: 'lower' });
}
console.log(`first answer of a fresh pool (starts its first process): ${firstMs.toFixed(0)} ms`);
await pool.close();
