import { afterAll, describe, expect, it } from 'vitest';
import { compileMapping } from './evaluate.ts';
import { MappingError } from './errors.ts';
import { createExpressionPool, inlineRunner, type ExpressionPool } from './expression-pool.ts';
import type { ExpressionTask } from './evaluate-jsonata.mjs';

/** `(a|aa)+$` passes the save-time regex guard but backtracks exponentially on "aaa…a!". */
const BACKTRACKS = '$contains(s, /(a|aa)+$/)';
const BACKTRACKING_TEXT = `${'a'.repeat(40)}!`;
/** One allocation far past the heap limit: V8 lets it through, then aborts the process at the next collection. */
const HUGE = '$length($pad("", 500000000, "x"))';

const pools: ExpressionPool[] = [];
function pool(options: Parameters<typeof createExpressionPool>[0] = {}): ExpressionPool {
  const created = createExpressionPool(options);
  pools.push(created);
  return created;
}
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

const task = (source: string, scope: unknown = {}, timeoutMs = 1000): ExpressionTask => ({ source, scope, timeoutMs, maxDepth: 1000 });

describe('the expression pool', () => {
  it('gives the same outcomes as evaluating inline', async () => {
    const p = pool();
    const scope = { trigger: { body: { name: 'Ada', tags: ['a', 'b'], lines: [{ qty: 2, price: 3 }, { qty: 1, price: 10 }], nothing: null } }, steps: {} };
    for (const source of [
      '$sum(trigger.body.lines.(qty * price))',
      'trigger.body.tags',
      'trigger.body.missing',
      '$uppercase(trigger.body.name) & "!"',
      '{"n": $count(trigger.body.tags), "none": trigger.body.nothing, "gone": trigger.body.missing}',
      '$match("order-123", /[0-9]+/).match',
      '$number(trigger.body.name)',
      '$eval("$match(\\"aaaa\\", /(a+)+$/)")',
      'function($x){ $x }',
      '$now() ? 1 : 0',
    ]) {
      expect(await p.run(task(source, scope)), source).toEqual(await inlineRunner.run(task(source, scope)));
    }
  });

  it('starts processes only as expressions need them, up to its size', async () => {
    const p = pool({ workers: 2 });
    expect(p.processes).toBe(0);
    await p.run(task('1 + 1'));
    expect(p.processes).toBe(1);
    await Promise.all(Array.from({ length: 6 }, (_, i) => p.run(task(`${i} * 2`))));
    expect(p.processes).toBe(2);
  });

  it('kills a process that runs past the deadline, and replaces it', async () => {
    const p = pool({ workers: 1 });
    expect(await p.run(task(BACKTRACKS, { s: BACKTRACKING_TEXT }, 200))).toEqual({ limit: 'time' });
    expect(p.processes).toBe(1); // the replacement, started at once
    expect(await p.run(task('$contains(s, /(a|aa)+$/)', { s: 'aaaa' }))).toEqual({ value: true });
  });

  it("counts an expression's time from when a process takes it, not while it waits", async () => {
    const p = pool({ workers: 1 });
    const slow = p.run(task(BACKTRACKS, { s: BACKTRACKING_TEXT }, 300));
    // Queued behind the slow one for ~400 ms, with a limit of 300 ms of its own.
    const queued = p.run(task('"fine"', {}, 300));
    expect(await slow).toEqual({ limit: 'time' });
    expect(await queued).toEqual({ value: 'fine' });
  });

  it('survives an expression that exhausts the memory of its process, and replaces it', async () => {
    const p = pool({ workers: 1, memoryMb: 32 });
    expect(await p.run(task(HUGE, {}, 10_000))).toEqual({ limit: 'memory', memoryMb: 32 });
    expect(await p.run(task('[1..100000] ~> $count'))).toEqual({ value: 100000 });
  });

  it('refuses a scope that cannot be copied to another process', async () => {
    expect(await pool().run(task('1', { f: () => 1 }))).toEqual({ unclonable: true });
  });

  it('fails what waits, instead of starting processes in a loop, when a process cannot start', async () => {
    // 1 MB of heap is too little for Node to start at all.
    const p = pool({ workers: 1, memoryMb: 1 });
    await expect(p.run(task('1'))).rejects.toThrow(/could not start/);
    expect(p.processes).toBe(0);
  });

  it('fails waiting and later tasks once closed, and leaves no process behind', async () => {
    const p = createExpressionPool({ workers: 1 });
    await p.run(task('1'));
    const running = expect(p.run(task(BACKTRACKS, { s: BACKTRACKING_TEXT }, 5000))).rejects.toThrow(/closed/);
    const waiting = expect(p.run(task('2'))).rejects.toThrow(/closed/);
    await p.close();
    await running;
    await waiting;
    await expect(p.run(task('3'))).rejects.toThrow(/closed/);
    expect(p.processes).toBe(0);
  });
});

describe('mappings past a limit', () => {
  async function failure(mapping: unknown, p: ExpressionPool, scope: unknown = {}, timeoutMs = 200): Promise<MappingError> {
    const err = await compileMapping(mapping, { path: 'steps[0].values', limits: { timeoutMs }, runner: p })
      .evaluate(scope as never)
      .then(() => undefined, (e: unknown) => e);
    if (err instanceof MappingError) return err;
    throw new Error(`expected a MappingError, got ${String(err)}`);
  }

  it('fail with expression_limit, located, naming the time', async () => {
    const err = await failure({ v: `{{ ${BACKTRACKS.replace('s,', 'trigger.s,')} }}` }, pool(), { trigger: { s: BACKTRACKING_TEXT }, steps: {} });
    expect(err.code).toBe('expression_limit');
    expect(err.status).toBe(422);
    expect(err.failure).toBe('time_limit');
    expect(err.message).toMatch(/^steps\[0\]\.values\.v has an expression that ran longer than 200 ms and was stopped/);
    expect(err.message).not.toContain(BACKTRACKING_TEXT);
  });

  it('fail with expression_limit, located, naming the memory', async () => {
    // A generous time limit: the allocation and the collection that fails take a while.
    const err = await failure({ v: `{{ ${HUGE} }}` }, pool({ memoryMb: 32 }), {}, 10_000);
    expect(err.code).toBe('expression_limit');
    expect(err.failure).toBe('memory_limit');
    expect(err.message).toMatch(/^steps\[0\]\.values\.v has an expression that used more than 32 MB of memory and was stopped/);
  });

  it("stop JSONata's own time limit with the same code", async () => {
    const err = await failure('{{ ($f := function($x){ $f($x) }; $f(1)) }}', pool());
    expect([err.code, err.failure]).toEqual(['expression_limit', 'time_limit']);
  });
});
