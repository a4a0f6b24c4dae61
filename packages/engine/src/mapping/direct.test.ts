import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { compileDirect, NOT_DIRECT } from './direct.ts';
import { compileExpression } from './expression.ts';

const scope = {
  trigger: {
    body: { name: 'Ada', amount: 21, big: 1e308, zero: 0, no: false, yes: true, nothing: null, text: '3', nested: { deep: { value: 'x' } }, items: [{ id: 1 }, { id: 2 }], one: [5], empty: [] },
  },
  steps: { lookup: { output: { body: { name: 'Acme', total: 150 } } } },
};

/** Every expression here must give JSONata's answer, whether or not the direct reader takes it. */
const CORPUS = [
  // paths
  'trigger', 'trigger.body', 'trigger.body.name', 'trigger.body.amount', 'trigger.body.zero', 'trigger.body.no', 'trigger.body.nothing',
  'trigger.body.nested.deep.value', 'trigger.body.items', 'trigger.body.items.id', 'trigger.body.one', 'trigger.body.empty', 'trigger.body.missing',
  'trigger.body.missing.deeper', 'trigger.body.constructor', 'trigger.body.name.length', 'steps.lookup.output.body.name', 'steps.nope.output', '`trigger`.body.name',
  // arithmetic, including the cases JSONata answers with undefined, an error or a non-finite number
  'trigger.body.amount * 2', 'trigger.body.amount + 0.5', 'trigger.body.amount - 30', 'trigger.body.amount / 4', 'trigger.body.amount % 4', '0.1 + 0.2',
  'trigger.body.amount / 0', 'trigger.body.big * 10', 'trigger.body.missing * 2', 'trigger.body.text * 2', 'trigger.body.nothing + 1', 'trigger.body.one * 2',
  'trigger.body.amount * 2 + steps.lookup.output.body.total', 'trigger.body.amount * (2 + 1)', '-trigger.body.amount',
  // joining
  '"Hello " & trigger.body.name', 'trigger.body.name & trigger.body.amount', 'trigger.body.name & trigger.body.missing', 'trigger.body.name & trigger.body.nothing', '"a" & "b" & "c"',
  // comparisons
  'trigger.body.amount > 20', 'trigger.body.amount >= 21', 'trigger.body.amount < 21', 'trigger.body.amount <= 20', 'trigger.body.name < "B"', 'trigger.body.amount > "1"',
  'trigger.body.amount = 21', 'trigger.body.amount != 21', 'trigger.body.amount = "21"', 'trigger.body.text = "3"', 'trigger.body.no = false', 'trigger.body.nothing = null',
  'trigger.body.nested = trigger.body.nested', 'trigger.body.missing = 1', 'trigger.body.items.id = 2', 'steps.lookup.output.body.total > 100',
  // shapes the direct reader leaves alone
  'trigger.body.items[0]', 'trigger.body.items[0].id', '$count(trigger.body.items)', 'trigger.body.amount > 20 ? "big" : "small"', 'trigger.body.yes and trigger.body.no', '$string(trigger.body.amount)',
];

async function jsonataAnswer(source: string): Promise<{ value?: string; error?: string }> {
  try {
    return { value: JSON.stringify(await jsonata(source).evaluate(scope)) };
  } catch (err) {
    return { error: err instanceof Error && 'code' in err ? String(err.code) : String(err) };
  }
}

async function ourAnswer(source: string): Promise<{ value?: string; error?: string }> {
  try {
    return { value: JSON.stringify(await compileExpression(source, 'test').evaluate(scope)) };
  } catch (err) {
    return { error: err instanceof Error && 'code' in err ? String(err.code) : String(err) };
  }
}

describe('direct reading of simple expressions', () => {
  it("gives exactly JSONata's answer (value, undefined or error) for every expression of the corpus", async () => {
    for (const source of CORPUS) {
      const expected = await jsonataAnswer(source);
      const actual = await ourAnswer(source);
      if (expected.error) expect(actual.error, source).toBeDefined();
      else expect(actual, source).toEqual(expected);
    }
  });

  it('answers the common shapes itself, and leaves the rest to JSONata', () => {
    const direct = (source: string) => compileDirect(jsonata(source).ast());
    for (const [source, value] of [
      ['trigger.body.name', 'Ada'],
      ['trigger.body.amount * 2', 42],
      ['"Hello " & trigger.body.name', 'Hello Ada'],
      ['trigger.body.amount > 20', true],
      ['trigger.body.amount != 21', false],
      ['steps.lookup.output.body.total - trigger.body.amount', 129],
    ] as const) {
      expect(direct(source)?.(scope), source).toBe(value);
    }
    for (const source of ['trigger.body.items', 'trigger.body.missing', 'trigger.body.text * 2', 'trigger.body.amount / 0', 'trigger.body.amount = "21"', 'trigger.body.constructor']) {
      expect(direct(source)?.(scope), source).toBe(NOT_DIRECT);
    }
    for (const source of ['trigger.body.items[0]', '$count(trigger.body.items)', 'trigger.body.a[]', 'trigger.body.$x', '$.trigger', 'trigger.*', 'trigger.**.id', 'a ? b : c', 'a and b', '-a']) {
      expect(direct(source), source).toBeUndefined();
    }
  });
});
