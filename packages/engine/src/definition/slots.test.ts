import { InvalidInputError, type Problem } from '@patchbay/core';
import { describe, expect, it } from 'vitest';
import { recipeSlots } from './slots.ts';
import { builtins, connectors, exampleRecipe } from './testing.ts';
import { validateRecipe } from './validate.ts';

type Parts = { connections?: Record<string, { connector: string }>; trigger?: Record<string, unknown>; steps?: unknown[] };

function problemsOf(parts: Parts): Problem[] {
  try {
    validateRecipe({ ...exampleRecipe(), ...parts }, connectors, builtins);
  } catch (err) {
    if (err instanceof InvalidInputError) return err.details as Problem[];
    throw err;
  }
  return [];
}

const webhook = { connector: 'webhook', trigger: 'webhook' };

describe('connections (slots)', () => {
  it('name installed connectors', () => {
    expect(problemsOf({ connections: { source: { connector: 'http' }, target: { connector: 'http' }, other: { connector: 'nope' } } })).toEqual([
      { path: 'connections.other.connector', message: 'names connector "nope", which is not installed' },
    ]);
  });

  it('hold no more slots of a connector than it allows (HTTP 2, CRM the default 1)', () => {
    const connections = { source: { connector: 'http' }, target: { connector: 'http' }, third: { connector: 'http' }, crm: { connector: 'crm' }, crm2: { connector: 'crm' } };
    expect(problemsOf({ connections })).toEqual([
      { path: 'connections.third', message: 'is slot 3 of connector "http", which allows at most 2 per recipe: remove a slot, or let steps share one' },
      { path: 'connections.crm2', message: 'is slot 2 of connector "crm", which allows at most 1 per recipe: remove a slot, or let steps share one' },
    ]);
  });

  it('are not declared for a connector that needs no connection', () => {
    expect(problemsOf({ connections: { source: { connector: 'http' }, target: { connector: 'http' }, u: { connector: 'utils' } } })).toEqual([
      { path: 'connections.u.connector', message: 'names connector "utils", which needs no connection: remove the slot and name "connector": "utils" on the steps that use it' },
    ]);
  });
});

describe('action steps', () => {
  it('name a slot declared in connections', () => {
    expect(problemsOf({ steps: [{ id: 'a', slot: 'nope', action: 'request' }] })).toEqual([
      { path: 'steps[0].slot', message: 'names slot "nope", which is not declared in connections: declare it there, e.g. "nope": { "connector": "http" }' },
    ]);
  });

  it('name an action the slot’s connector has', () => {
    expect(problemsOf({ steps: [{ id: 'a', slot: 'source', action: 'delete' }] })).toEqual([
      { path: 'steps[0].action', message: 'names action "delete", which connector "http" does not have: use one of "request"' },
    ]);
  });

  it('name exactly one of slot or connector', () => {
    const steps = [
      { id: 'both', slot: 'source', connector: 'utils', action: 'wait' },
      { id: 'neither', action: 'wait' },
    ];
    expect(problemsOf({ steps })).toEqual([
      { path: 'steps[0]', message: 'must name either slot or connector, not both' },
      { path: 'steps[1].slot', message: 'is required: name a slot declared in connections, or give "connector" for one that needs no connection' },
    ]);
  });

  it('name by connector only a connector that needs no connection, and one of its actions', () => {
    const steps = [
      { id: 'ok', connector: 'utils', action: 'wait', input: { ms: 1 } },
      { id: 'needs', connector: 'http', action: 'request' },
      { id: 'unknown', connector: 'nope', action: 'x' },
      { id: 'missing', connector: 'utils', action: 'sleep' },
    ];
    expect(problemsOf({ steps })).toEqual([
      { path: 'steps[1].connector', message: 'names connector "http", which needs a connection: declare a slot for it in connections and name it in "slot"' },
      { path: 'steps[2].connector', message: 'names connector "nope", which is not installed' },
      { path: 'steps[3].action', message: 'names action "sleep", which connector "utils" does not have: use one of "wait"' },
    ]);
  });

  it('are checked inside blocks too', () => {
    const steps = [{ id: 't', type: 'try', steps: [{ id: 'a', slot: 'ghost', action: 'request' }], catch: [] }];
    expect(problemsOf({ steps })).toEqual([{ path: 'steps[0].steps[0].slot', message: expect.stringMatching(/^names slot "ghost"/) }]);
  });
});

describe('the trigger', () => {
  it('may be a built-in trigger, or a trigger of a slot’s connector', () => {
    expect(problemsOf({ trigger: { connector: 'schedule', trigger: 'schedule', input: { cron: '0 * * * *' } } })).toEqual([]);
    expect(problemsOf({ connections: { source: { connector: 'http' }, target: { connector: 'http' }, crm: { connector: 'crm' } }, trigger: { slot: 'crm', trigger: 'newRecord' } })).toEqual([]);
  });

  it('names exactly one of slot or connector', () => {
    expect(problemsOf({ trigger: { ...webhook, slot: 'source' } })).toEqual([{ path: 'trigger', message: 'must name either slot or connector, not both' }]);
    expect(problemsOf({ trigger: { trigger: 'webhook' } })).toEqual([{ path: 'trigger.slot', message: expect.stringMatching(/^is required/) }]);
  });

  it('names a trigger its connector has', () => {
    expect(problemsOf({ trigger: { slot: 'source', trigger: 'newRecord' } })).toEqual([
      { path: 'trigger.trigger', message: 'names trigger "newRecord", which connector "http" does not have: it has no triggers' },
    ]);
    expect(problemsOf({ trigger: { connector: 'webhook', trigger: 'hook' } })).toEqual([
      { path: 'trigger.trigger', message: 'names trigger "hook", which connector "webhook" does not have: use one of "webhook"' },
    ]);
  });

  it('names a declared slot, or a connector that needs no connection', () => {
    expect(problemsOf({ trigger: { slot: 'crm', trigger: 'newRecord' } })).toEqual([{ path: 'trigger.slot', message: expect.stringMatching(/^names slot "crm", which is not declared/) }]);
    expect(problemsOf({ trigger: { connector: 'crm', trigger: 'newRecord' } })).toEqual([{ path: 'trigger.connector', message: expect.stringMatching(/^names connector "crm", which needs a connection/) }]);
    expect(problemsOf({ trigger: { connector: 'ftp', trigger: 'newFile' } })).toEqual([{ path: 'trigger.connector', message: 'names connector "ftp", which is not installed' }]);
  });
});

describe('recipeSlots', () => {
  it('lists every declared slot with the trigger and steps that use it', () => {
    const definition = validateRecipe(
      {
        ...exampleRecipe(),
        connections: { source: { connector: 'http' }, crm: { connector: 'crm' }, spare: { connector: 'http' } },
        trigger: { slot: 'crm', trigger: 'newRecord' },
        steps: [
          { id: 'a', slot: 'source', action: 'request' },
          { id: 'b', type: 'if', condition: '{{ true }}', then: [{ id: 'c', slot: 'crm', action: 'createRecord' }, { id: 'd', slot: 'source', action: 'request' }] },
        ],
      },
      connectors,
      builtins,
    );
    expect(recipeSlots(definition)).toEqual([
      { slot: 'source', connector: 'http', usedBy: ['steps[0]', 'steps[1].then[1]'] },
      { slot: 'crm', connector: 'crm', usedBy: ['trigger', 'steps[1].then[0]'] },
      { slot: 'spare', connector: 'http', usedBy: [] },
    ]);
  });

  it('lists the example recipe’s two HTTP slots', () => {
    expect(recipeSlots(validateRecipe(exampleRecipe(), connectors, builtins)).map((s) => [s.slot, s.connector])).toEqual([
      ['source', 'http'],
      ['target', 'http'],
    ]);
  });
});
