import { InvalidInputError, type Problem } from '@patchbay/core';
import { describe, expect, it } from 'vitest';
import { builtins, connectors, exampleRecipe } from './testing.ts';
import { MAX_STEPS, validateRecipe } from './validate.ts';

function problemsOf(definition: unknown): Problem[] {
  try {
    validateRecipe(definition, connectors, builtins);
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/^The recipe is not valid: /);
    return err.details as Problem[];
  }
  throw new Error('expected the recipe to be refused');
}

/** The example recipe with its steps replaced. */
function withSteps(steps: unknown[]): unknown {
  return { ...exampleRecipe(), steps };
}

const lookup = { id: 'lookup', slot: 'source', action: 'request', input: { path: '/a' } };

describe('the example recipe of the issue', () => {
  it('validates unchanged and comes back typed, the same object', () => {
    const definition = exampleRecipe();
    const result = validateRecipe(definition, connectors, builtins);
    expect(result).toBe(definition);
    expect(result).toEqual(exampleRecipe());
  });

  it('survives export and import: the JSON round trip validates to a deep-equal object', () => {
    const imported = validateRecipe(JSON.parse(JSON.stringify(exampleRecipe())), connectors, builtins);
    expect(imported).toEqual(exampleRecipe());
  });
});

describe('shape', () => {
  it('refuses what is not an object, and names missing fields', () => {
    expect(problemsOf('recipe')).toEqual([{ path: '(recipe)', message: expect.stringMatching(/^must be a JSON object/) }]);
    expect(problemsOf({ connections: {}, trigger: { connector: 'webhook', trigger: 'webhook' }, steps: [] })).toEqual([{ path: 'name', message: 'is required' }]);
  });

  it('checks a step against its own type, so the message names the missing field', () => {
    expect(problemsOf(withSteps([lookup, { id: 'branch', type: 'if', then: [] }]))).toEqual([
      { path: 'steps[1].condition', message: 'is required' },
    ]);
  });

  it('treats a step without a type as an action', () => {
    expect(problemsOf(withSteps([{ id: 'a', slot: 'source' }]))).toEqual([{ path: 'steps[0].action', message: 'is required' }]);
  });

  it('names the step types when the type is unknown', () => {
    expect(problemsOf(withSteps([{ id: 'a', type: 'loop' }]))).toEqual([
      { path: 'steps[0].type', message: 'must be one of "action", "if", "foreach", "stop", "try", "set"' },
    ]);
  });

  it('locates problems of nested steps with bracket indexes', () => {
    const steps = [{ id: 'loop', type: 'foreach', items: '{{ trigger.body.list }}', steps: [{ id: 'ok', type: 'stop' }, { id: 'inner', type: 'if', then: [], extra: 1 }] }];
    expect(problemsOf(withSteps(steps))).toEqual([
      { path: 'steps[0].steps[1].condition', message: 'is required' },
      { path: 'steps[0].steps[1].extra', message: 'is not an allowed property: remove it' },
    ]);
  });

  it('explains the form of ids, slot names and value names', () => {
    const definition = { ...exampleRecipe(), connections: { '1st': { connector: 'http' } }, steps: [{ id: 'bad id', type: 'set', values: { 'x-y': 1 } }] };
    expect(problemsOf(definition)).toEqual([
      { path: 'connections.1st', message: 'must start with a letter or "_" and hold only letters, digits, "_" and "-" (at most 64 characters)' },
      { path: 'steps[0].id', message: 'must start with a letter or "_" and hold only letters, digits and "_" (at most 64 characters)' },
      { path: 'steps[0].values.x-y', message: 'must start with a letter or "_" and hold only letters, digits and "_"' },
    ]);
  });

  it('wants a condition and foreach items as one {{ expression }}', () => {
    const steps = [
      { id: 'a', type: 'if', condition: 'true', then: [] },
      { id: 'b', type: 'foreach', items: 'list: {{ trigger.body.list }}', steps: [] },
    ];
    expect(problemsOf(withSteps(steps))).toEqual([
      { path: 'steps[0].condition', message: 'must be one {{ expression }}, e.g. "{{ trigger.body.items }}"' },
      { path: 'steps[1].items', message: 'must be one {{ expression }}, e.g. "{{ trigger.body.items }}"' },
    ]);
  });

  it(`refuses more than ${MAX_STEPS} steps in all, nested ones included`, () => {
    const block = (n: number) => ({ id: `loop${n}`, type: 'foreach', items: '{{ [] }}', steps: Array.from({ length: 199 }, (_, i) => ({ id: `s${n}_${i}`, type: 'stop' })) });
    expect(problemsOf(withSteps([0, 1, 2, 3, 4, 5].map(block)))).toContainEqual({ path: 'steps', message: expect.stringMatching(/^hold more than 1000 steps/) });
  });
});

describe('step ids', () => {
  it('are unique across the whole recipe, nested steps included', () => {
    const steps = [lookup, { id: 'check', type: 'if', condition: '{{ true }}', then: [{ ...lookup }], else: [{ id: 'check', type: 'stop' }] }];
    expect(problemsOf(withSteps(steps))).toEqual([
      { path: 'steps[1].then[0].id', message: 'is "lookup", which steps[0] already uses: give each step its own id' },
      { path: 'steps[1].else[0].id', message: 'is "check", which steps[1] already uses: give each step its own id' },
    ]);
  });
});

describe('a recipe that comes back from export', () => {
  it('with every kind of step validates to a deep-equal object', () => {
    const definition = {
      name: 'Every step kind',
      description: 'if, foreach, try, set, stop',
      connections: { crm: { connector: 'crm' }, api: { connector: 'http' } },
      trigger: { slot: 'crm', trigger: 'newRecord', input: {} },
      concurrency: 1,
      steps: [
        { id: 'values', type: 'set', values: { total: '{{ $sum(trigger.lines.amount) }}', label: 'Order {{ trigger.id }}' } },
        { id: 'big', type: 'if', condition: '{{ steps.values.output.total > 100 }}', then: [{ id: 'note', connector: 'utils', action: 'wait', input: { ms: 10 } }], else: [] },
        {
          id: 'each',
          type: 'foreach',
          items: '{{ trigger.lines }}',
          concurrency: 2,
          steps: [
            {
              id: 'attempt',
              type: 'try',
              retries: 1,
              steps: [{ id: 'send', slot: 'api', action: 'request', input: { method: 'POST', path: '/lines/{{ index }}', body: '{{ item }}' }, retry: { maxAttempts: 3, delayMs: 500 } }],
              catch: [{ id: 'record', slot: 'crm', action: 'createRecord', input: { name: 'failed line {{ index }}: {{ error.code }}' } }],
            },
          ],
        },
        { id: 'done', type: 'stop', result: { total: '{{ steps.values.output.total }}', sent: '{{ $count(steps.send.output) }}' }, failed: false, reason: 'done' },
      ],
    };
    const imported = validateRecipe(JSON.parse(JSON.stringify(definition)), connectors, builtins);
    expect(imported).toEqual(definition);
  });
});
