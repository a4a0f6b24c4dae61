import { UpstreamError } from '@patchbay/core';
import type { JobProgressTable } from '@patchbay/store';
import { describe, expect, it } from 'vitest';
import type { RecipeDefinition, Step } from '../definition/schema.ts';
import { JobProgress, resumeFrom } from './progress.ts';
import { type RunResult, type Scope, type StepRecord, runRecipe } from './runner.ts';

/**
 * A job "killed" while one action is in flight (its promise never settles, as if the process died),
 * then taken over from the progress rows it had stored: nothing finished runs again, the step in
 * flight runs again with the same execution (idempotency key), and the outcome and history are those
 * of a run that was never interrupted.
 */

/** `{{ a.b }}` reads a path of the scope; anything else is data (enough for these recipes). */
function evaluateIn(locations: string[]) {
  const read = (value: unknown, scope: Scope): unknown => {
    if (typeof value === 'string') {
      const match = /^\{\{ ([\w.]+) \}\}$/.exec(value);
      if (!match) return value;
      return (match[1] ?? '').split('.').reduce<unknown>((at, key) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined), scope);
    }
    if (Array.isArray(value)) return value.map((item) => read(item, scope));
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, read(v, scope)]));
    return value;
  };
  return async (mapping: unknown, scope: Scope, location: string) => {
    locations.push(location);
    return read(mapping, scope);
  };
}

interface Run {
  outcome: RunResult;
  /** Executions the app saw, in order, across both runs. */
  calls: string[];
  /** Mapping locations evaluated by the run that resumed. */
  resumedLocations: string[];
}

function recipe(steps: Step[]): RecipeDefinition {
  return { name: 'resume', connections: {}, trigger: { connector: 'webhook', trigger: 'webhook' }, steps };
}

/** The app: echoes the input, fails where asked. With `hangAt`, the process dies when that request reaches the app. */
function app(calls: string[], hangAt?: string, onHang?: () => void) {
  let dead = false;
  return async (_slot: string, action: string, input: unknown, execution: string): Promise<unknown> => {
    // A dead process sends nothing more (the first run's promise chain may still go on here).
    if (dead) return new Promise(() => {});
    calls.push(execution);
    if (execution === hangAt) {
      dead = true;
      onHang?.();
      return new Promise(() => {});
    }
    if (action === 'fail') throw new UpstreamError('action_failed', `the app refused ${execution}`);
    return { at: execution, input };
  };
}

async function uninterrupted(definition: RecipeDefinition, trigger: unknown): Promise<{ outcome: RunResult; calls: string[] }> {
  const calls: string[] = [];
  const outcome = await runRecipe(definition, trigger, { evaluate: evaluateIn([]), runAction: app(calls), sleep: async () => {} });
  return { outcome, calls };
}

async function killedAndResumed(definition: RecipeDefinition, trigger: unknown, killAt: string): Promise<Run> {
  const calls: string[] = [];
  const stored: JobProgressTable[] = [];
  const first = new JobProgress(async (rows) => void stored.push(...rows), 'job_1', { durable: true });
  let rows: JobProgressTable[] = [];
  let killed!: () => void;
  const inFlight = new Promise<void>((resolve) => (killed = resolve));
  // What the database holds when the request in flight reaches the app: the kill comes then.
  const kill = () => {
    rows = stored.map((row) => ({ ...row }));
    killed();
  };
  void runRecipe(definition, trigger, { evaluate: evaluateIn([]), runAction: app(calls, killAt, kill), sleep: async () => {}, progress: first });
  await inFlight;
  const resumed = resumeFrom(rows);
  const resumedLocations: string[] = [];
  const second = new JobProgress(async (more) => void stored.push(...more), 'job_1', { durable: true, resumed });
  const outcome = await runRecipe(definition, trigger, { evaluate: evaluateIn(resumedLocations), runAction: app(calls), sleep: async () => {}, progress: second, resume: resumed });
  await second.close();
  return { outcome, calls, resumedLocations };
}

const withoutTimes = (records: StepRecord[]) => records.map(({ durationMs: _, ...rest }) => rest);

/** Resumed = uninterrupted, and the app saw every execution once but the one in flight, twice. */
async function expectResumes(definition: RecipeDefinition, killAt: string, trigger: unknown = { body: { n: 1 } }): Promise<Run> {
  const baseline = await uninterrupted(definition, trigger);
  const run = await killedAndResumed(definition, trigger, killAt);
  expect(run.outcome.status).toBe(baseline.outcome.status);
  expect(run.outcome.result).toEqual(baseline.outcome.result);
  expect(run.outcome.error).toEqual(baseline.outcome.error);
  expect(withoutTimes(run.outcome.steps)).toEqual(withoutTimes(baseline.outcome.steps));
  expect(baseline.calls).toContain(killAt);
  expect(run.calls.filter((c) => c === killAt)).toHaveLength(2);
  expect([...new Set(run.calls)].sort()).toEqual([...baseline.calls].sort());
  expect(run.calls).toHaveLength(baseline.calls.length + 1);
  return run;
}

const action = (id: string, input: unknown = {}, name = 'call'): Step => ({ id, slot: 'app', action: name, input });

describe('a job taken over after a crash resumes after its last finished step', () => {
  it('linear steps: earlier outputs are back in scope for later mappings', async () => {
    const definition = recipe([
      action('a', { n: '{{ trigger.body.n }}' }),
      { id: 'b', type: 'set', values: { fromA: '{{ steps.a.output.at }}' } },
      action('c', { fromB: '{{ steps.b.output.fromA }}' }),
      action('d', { fromC: '{{ steps.c.output.input }}', fromA: '{{ steps.a.output.input }}' }),
    ]);
    for (const killAt of ['steps[0]', 'steps[2]', 'steps[3]']) await expectResumes(definition, killAt);
    const run = await expectResumes(definition, 'steps[3]');
    // Nothing before the step in flight was evaluated again.
    expect(run.resumedLocations).toEqual(['steps[3].input']);
  });

  it('foreach: finished iterations are not repeated, and the loop output holds every iteration', async () => {
    const definition = recipe([
      action('first'),
      {
        id: 'loop',
        type: 'foreach',
        items: '{{ trigger.body.items }}',
        steps: [action('x', { item: '{{ item }}' }), action('y', { x: '{{ steps.x.output.at }}', index: '{{ index }}' })],
      },
      action('after', { all: '{{ steps.loop.output }}' }),
    ]);
    const trigger = { body: { items: ['p', 'q', 'r', 's'] } };
    await expectResumes(definition, 'steps[1]@2.steps[1]', trigger);
    await expectResumes(definition, 'steps[1]@0.steps[0]', trigger);
    await expectResumes(definition, 'steps[2]', trigger);
  });

  it('foreach with concurrency: each iteration in flight runs again, finished ones do not', async () => {
    const definition = recipe([
      { id: 'loop', type: 'foreach', items: '{{ trigger.body.items }}', concurrency: 3, steps: [action('x', { item: '{{ item }}' }), action('y', { item: '{{ item }}' })] },
    ]);
    const trigger = { body: { items: [1, 2, 3, 4, 5, 6] } };
    const run = await killedAndResumed(definition, trigger, 'steps[0]@4.steps[0]');
    const baseline = await uninterrupted(definition, trigger);
    expect(run.outcome.result).toEqual(baseline.outcome.result);
    // Any repeat is of a step that had not finished when the kill came (in flight beside the one that hung).
    const repeated = [...new Set(run.calls.filter((c, i) => run.calls.indexOf(c) !== i))];
    expect(repeated).toContain('steps[0]@4.steps[0]');
    expect(repeated.length).toBeLessThanOrEqual(3);
  });

  it('if: the branch taken before the crash is kept, its condition not evaluated again', async () => {
    const definition = recipe([
      action('a'),
      { id: 'check', type: 'if', condition: '{{ trigger.body.big }}', then: [action('t1'), action('t2', { t1: '{{ steps.t1.output.at }}' })], else: [action('e1')] },
      action('z', { t2: '{{ steps.t2.output.input }}' }),
    ]);
    const run = await expectResumes(definition, 'steps[1].then[1]', { body: { big: true } });
    expect(run.resumedLocations).not.toContain('steps[1].condition');
    await expectResumes(definition, 'steps[2]', { body: { big: true } });
    await expectResumes(definition, 'steps[1].else[0]', { body: { big: false } });
  });

  it('try: a block that had failed goes on with its catch and the same error; a block in flight resumes inside', async () => {
    const definition = recipe([
      {
        id: 'guard',
        type: 'try',
        steps: [action('a'), action('b', {}, 'fail'), action('never')],
        catch: [action('c1', { code: '{{ error.code }}' }), action('c2', { c1: '{{ steps.c1.output.input }}' })],
      },
      action('z', { guard: '{{ steps.guard.output.caught }}', a: '{{ steps.a.output.at }}', c2: '{{ steps.c2.output.at }}' }),
    ]);
    const run = await expectResumes(definition, 'steps[0].catch[1]');
    // The failed step is in history once, and not tried again.
    expect(run.outcome.steps.filter((s) => s.status === 'failed').map((s) => s.path)).toEqual(['steps[0].steps[1]']);
    await expectResumes(definition, 'steps[0].steps[1]');
    await expectResumes(definition, 'steps[0].catch[0]');
    await expectResumes(definition, 'steps[1]');
  });

  it('a job of one action writes no progress; n actions write before each action after the first', async () => {
    const written: number[] = [];
    const progress = new JobProgress(async (rows) => void written.push(rows.length), 'job_1', { durable: true });
    await runRecipe(recipe([action('only')]), {}, { evaluate: evaluateIn([]), runAction: app([]), progress });
    await progress.close();
    expect(written).toEqual([]);
    expect(progress.stored).toBe(false);

    const three = new JobProgress(async (rows) => void written.push(rows.length), 'job_2', { durable: true });
    await runRecipe(recipe([action('a'), { id: 's', type: 'set', values: { v: 1 } }, action('b'), action('c')]), {}, { evaluate: evaluateIn([]), runAction: app([]), progress: three });
    await three.close();
    // a (before b); s and b (the set with the next action's write at the latest)… c's own never.
    expect(written.reduce((sum, n) => sum + n, 0)).toBe(3);
    expect(three.stored).toBe(true);
  });
});
