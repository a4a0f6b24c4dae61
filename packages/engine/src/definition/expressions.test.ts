import { InvalidInputError, type Problem } from '@patchbay/core';
import { describe, expect, it } from 'vitest';
import { builtins, connectors, exampleRecipe } from './testing.ts';
import { validateRecipe } from './validate.ts';

function problemsOf(steps: unknown[]): Problem[] {
  try {
    validateRecipe({ ...exampleRecipe(), steps }, connectors, builtins);
  } catch (err) {
    if (err instanceof InvalidInputError) return err.details as Problem[];
    throw err;
  }
  return [];
}

const request = (id: string, path: unknown) => ({ id, slot: 'source', action: 'request', input: { path } });
const stop = (id: string) => ({ id, type: 'stop' });

describe('{{ }} expressions are checked when the recipe is saved', () => {
  it('a syntax error is located at the string that holds it', () => {
    const steps = [request('a', '/x'), { id: 'b', slot: 'target', action: 'request', input: { body: { name: '{{ trigger.body.( }}' } } }];
    expect(problemsOf(steps)).toEqual([
      { path: 'steps[1].input.body.name', message: expect.stringMatching(/^has an expression that is not valid JSONata: .*\(at character \d+\) in "trigger\.body\.\("/) },
    ]);
  });

  it('every expression is checked, not only the first', () => {
    const steps = [request('a', ['{{ 1 + }}', 'ok', '{{ steps.nope.output }}'])];
    expect(problemsOf(steps).map((p) => p.path)).toEqual(['steps[0].input.path[0]', 'steps[0].input.path[2]']);
  });
});

describe('references to steps', () => {
  it('must name a step that exists', () => {
    expect(problemsOf([request('a', '{{ steps.nope.output.id }}')])).toEqual([
      { path: 'steps[0].input.path', message: 'refers to step "nope", which does not exist' },
    ]);
  });

  it('must name a step that runs earlier', () => {
    expect(problemsOf([request('a', '/x/{{ steps.b.output.id }}'), request('b', '/y')])).toEqual([
      { path: 'steps[0].input.path', message: 'refers to step "b", which runs later (steps[1]): a step can only read the output of earlier steps' },
    ]);
  });

  it('may not name the step itself or a block that contains it', () => {
    const steps = [
      request('self', '{{ steps.self.output }}'),
      { id: 'loop', type: 'foreach', items: '{{ steps.loop.output }}', steps: [request('inner', '{{ steps.loop.output }}')] },
    ];
    expect(problemsOf(steps)).toEqual([
      { path: 'steps[0].input.path', message: 'refers to step "self", which is this step itself: a step can only read the output of earlier steps' },
      { path: 'steps[1].items', message: 'refers to step "loop", which is this step itself: a step can only read the output of earlier steps' },
      { path: 'steps[1].steps[0].input.path', message: 'refers to step "loop", which contains this step: its output exists only once every step inside it has run' },
    ]);
  });

  it('may name earlier steps anywhere, nested ones included, and a block that has finished', () => {
    const steps = [
      { id: 'check', type: 'if', condition: '{{ true }}', then: [request('inside', '/a')] },
      request('after', '{{ steps.inside.output.body }}/{{ steps.check.output }}'),
    ];
    expect(problemsOf(steps)).toEqual([]);
  });

  it('must read a step through its output', () => {
    expect(problemsOf([request('a', '/x'), request('b', '{{ steps.a.outptu.body }}')])).toEqual([
      { path: 'steps[1].input.path', message: 'reads steps.a.outptu, but a step offers only its output: use steps.a.output' },
    ]);
  });

  it('are found in every kind of step and through $$ anywhere', () => {
    const steps = [
      { id: 'v', type: 'set', values: { total: '{{ steps.gone1.output }}' } },
      { id: 'c', type: 'if', condition: '{{ trigger.items[id = $$.steps.gone2.output] }}', then: [] },
      { id: 's', type: 'stop', result: { x: '{{ steps.gone3.output }}' }, reason: 'plain text, not a mapping: {{ steps.gone4.output }}' },
    ];
    expect(problemsOf(steps).map((p) => `${p.path} ${p.message}`)).toEqual([
      'steps[0].values.total refers to step "gone1", which does not exist',
      'steps[1].condition refers to step "gone2", which does not exist',
      'steps[2].result.x refers to step "gone3", which does not exist',
    ]);
  });

  it('leave alone field names of data that happen to read "steps" or "item"', () => {
    expect(problemsOf([request('a', '{{ trigger.body.orders[steps > 2 and item = "x"].steps }}')])).toEqual([]);
  });
});

describe('names in scope', () => {
  it('item and index exist only inside the steps of a foreach', () => {
    const steps = [
      request('a', '{{ item.id }}/{{ index }}'),
      { id: 'loop', type: 'foreach', items: '{{ item }}', steps: [request('b', '{{ item.id }}/{{ index }}'), { id: 'deeper', type: 'if', condition: '{{ index > 0 }}', then: [] }] },
    ];
    expect(problemsOf(steps)).toEqual([
      { path: 'steps[0].input.path', message: 'uses "item", which exists only inside the steps of a foreach' },
      { path: 'steps[0].input.path', message: 'uses "index", which exists only inside the steps of a foreach' },
      { path: 'steps[1].items', message: 'uses "item", which exists only inside the steps of a foreach' },
    ]);
  });

  it('error exists only inside the catch steps of a try', () => {
    const steps = [
      request('a', '{{ error.code }}'),
      { id: 't', type: 'try', steps: [request('b', '{{ error }}')], catch: [request('c', '{{ error.message }}'), { id: 'nested', type: 'if', condition: '{{ error.code = "x" }}', then: [stop('end')] }] },
    ];
    expect(problemsOf(steps)).toEqual([
      { path: 'steps[0].input.path', message: 'uses "error", which exists only inside the catch steps of a try' },
      { path: 'steps[1].steps[0].input.path', message: 'uses "error", which exists only inside the catch steps of a try' },
    ]);
  });

  it('a name that is not in scope at all is a mistake worth saying', () => {
    expect(problemsOf([request('a', '{{ trigegr.body.id }}')])).toEqual([
      { path: 'steps[0].input.path', message: 'refers to "trigegr", which is not in scope: start with trigger, steps.<id>.output, item, index or error' },
    ]);
  });

  it('variables, functions and literals need no scope', () => {
    expect(problemsOf([request('a', '{{ ($n := 2; $string($n * 3) & $now() & "x" & true) }}')])).toEqual([]);
  });
});
