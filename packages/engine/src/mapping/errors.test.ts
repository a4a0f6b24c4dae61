import { describe, expect, it } from 'vitest';
import { compileMapping } from './evaluate.ts';
import { MappingError } from './errors.ts';
import type { MappingScope } from './expression.ts';

const SECRET = 'canary-7f3a-personal-data';
const scope: MappingScope = { trigger: { body: { name: SECRET, count: 3 } }, steps: {} };

function compileError(mapping: unknown, path = 'steps[1].input'): MappingError {
  try {
    compileMapping(mapping, { path });
  } catch (err) {
    if (err instanceof MappingError) return err;
    throw err;
  }
  throw new Error('expected a MappingError at compile time');
}

async function evaluationError(mapping: unknown, limits?: { timeoutMs?: number; maxDepth?: number }): Promise<MappingError> {
  const err = await compileMapping(mapping, { path: 'steps[1].input', limits }).evaluate(scope).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (err instanceof MappingError) return err;
  throw new Error(`expected a MappingError, got ${String(err)}`);
}

describe('syntax errors, found when the mapping is compiled', () => {
  it('name the location and the character', () => {
    const err = compileError({ path: '/accounts/{{ trigger.body.( }}' });
    expect(err.failure).toBe('syntax');
    expect(err.code).toBe('invalid_mapping');
    expect(err.path).toBe('steps[1].input.path');
    expect(err.message).toMatch(/^steps\[1\]\.input\.path has an expression that is not valid JSONata: .+ \(at character \d+\) in "trigger\.body\.\(". Fix/);
    expect(err.problem).toEqual({ path: 'steps[1].input.path', message: expect.stringMatching(/^has an expression that is not valid JSONata/) });
  });

  it('locate strings inside arrays with bracket indexes', () => {
    expect(compileError({ body: { list: ['ok', '{{ 1 + }}'] } }).path).toBe('steps[1].input.body.list[1]');
  });

  it('include an unclosed or empty {{ }}', () => {
    expect(compileError('abc {{ trigger.body').message).toBe('steps[1].input has "{{" without a matching "}}": close the expression, e.g. "{{ trigger.body.id }}".');
    expect(compileError('{{   }}').message).toMatch(/has an empty "\{\{ \}\}"/);
  });
});

describe('errors while evaluating', () => {
  it('name the location and what to fix, and never quote the data', async () => {
    const err = await evaluationError({ body: { total: '{{ trigger.body.name + 1 }}' } });
    expect(err.failure).toBe('runtime');
    expect(err.code).toBe('mapping_failed');
    expect(err.path).toBe('steps[1].input.body.total');
    expect(err.message).toMatch(/must evaluate to a number/);
    expect(err.message).not.toContain(SECRET);
  });

  it('replace JSONata messages that would quote a data value', async () => {
    for (const expression of ['$number(trigger.body.name)', '$error(trigger.body.name)', '$toMillis(trigger.body.name)', 'trigger.body.name < 1', '-trigger.body.name', '{trigger.body.count: 1}', '$sqrt(-trigger.body.count)']) {
      const err = await evaluationError(`{{ ${expression} }}`);
      expect(JSON.stringify([err.message, err.details])).not.toContain(SECRET);
    }
  });

  it('stop an endless recursive function at the time limit (default 1 s)', async () => {
    const err = await evaluationError({ x: '{{ ($f := function($x){ $f($x) }; $f(1)) }}' });
    expect(err.failure).toBe('time_limit');
    expect(err.path).toBe('steps[1].input.x');
    expect(err.message).toMatch(/ran longer than 1000 ms and was stopped/);
  });

  it('stop deep recursion at the depth limit', async () => {
    const err = await evaluationError('{{ ($f := function($x){ 1 + $f($x) }; $f(1)) }}', { maxDepth: 200 });
    expect(err.failure).toBe('depth_limit');
    expect(err.message).toMatch(/nested deeper than 200 levels/);
  });

  it('apply the limits to expressions run by $eval', async () => {
    const err = await evaluationError('{{ $eval("($f := function($x){ $f($x) }; $f(1))") }}', { timeoutMs: 50 });
    expect(err.failure).toBe('time_limit');
  });

  it('refuse a function as a value, because it is not data', async () => {
    const err = await evaluationError({ f: '{{ function($x){ $x } }}' });
    expect(err.failure).toBe('not_data');
    expect(err.path).toBe('steps[1].input.f');
  });

  it('serialise to the API error envelope with the location in details', async () => {
    const err = await evaluationError('{{ $number(trigger.body.name) }}');
    expect(err.details).toEqual([{ path: 'steps[1].input', message: expect.any(String), failure: 'runtime' }]);
    expect(err.cause).toBeUndefined();
  });
});
