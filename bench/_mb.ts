import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '@patchbay/store';
import { newJobRow, finishedRow } from '../packages/engine/src/jobs/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-'));
const store = createStore(`sqlite:${join(dir, 'p.db')}`);
await store.migrate();
const outcome = { status: 'succeeded' as const, error: undefined, steps: [{ id: 'compute', type: 'set', status: 'succeeded', input: { greeting: 'Hello Ada', total: 42 }, output: { greeting: 'Hello Ada', total: 42 }, durationMs: 0.1 }], droppedRecords: 0, result: { greeting: 'Hello Ada', total: 42 } };
const trigger = { method: 'POST', headers: { host: '127.0.0.1:1234', 'content-type': 'application/json', 'content-length': '28' }, query: {}, body: { name: 'Ada', amount: 21 }, receivedAt: new Date().toISOString() };
const batch = Number(process.argv[2] ?? 10);
const N = 40000;
const times: number[] = [];
const t0 = performance.now();
for (let i = 0; i < N / batch; i++) {
  const rows = Array.from({ length: batch }, () => finishedRow(newJobRow({ workspaceId: 'default', recipeId: 'r1', version: 1, trigger, status: 'running' }), outcome as never));
  const t = performance.now();
  await store.append('jobs', rows);
  times.push(performance.now() - t);
  if (i % 50 === 0) await new Promise((r) => setImmediate(r));
}
const total = performance.now() - t0;
times.sort((a, b) => a - b);
console.log(`batch ${batch}: ${(1000 * total / N).toFixed(1)} µs/row overall; per batch p50 ${((times[times.length >> 1] ?? 0) * 1000).toFixed(0)} µs p99 ${((times[Math.floor(times.length * 0.99)] ?? 0) * 1000).toFixed(0)} µs max ${(times[times.length - 1] ?? 0).toFixed(1)} ms`);
await store.close();
