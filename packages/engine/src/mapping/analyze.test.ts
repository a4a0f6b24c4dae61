import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { analyzeExpression } from './analyze.ts';
import { regexHazard } from './regex-guard.mjs';
import { parseTemplate } from './template.ts';

function reads(source: string) {
  return analyzeExpression(jsonata(source).ast()).reads;
}

describe('analyzeExpression', () => {
  it('finds reads of the scope at the root', () => {
    expect(reads('steps.lookup.output.body.name')).toEqual([{ name: 'steps', step: 'lookup', field: 'output' }]);
    expect(reads('trigger.body.id & item.name')).toEqual([{ name: 'trigger' }, { name: 'item' }]);
    expect(reads('steps.lookup')).toEqual([{ name: 'steps', step: 'lookup' }]);
  });

  it('follows operators, functions, conditions, blocks, constructors and lambdas', () => {
    const found = reads(
      '($x := steps.a.output; $f := function($v){ steps.b.output }; trigger.y ? [steps.c.output] : {"k": -steps.d.output}; $map(steps.e.output, $f) ~> $string)',
    );
    expect(found.map((r) => r.step ?? r.name)).toEqual(['a', 'b', 'trigger', 'c', 'd', 'e']);
  });

  it('treats $$ as the root everywhere and $ as the root only at the root', () => {
    expect(reads('$$.steps.x.output')).toEqual([{ name: 'steps', step: 'x', field: 'output' }]);
    expect(reads('$.steps.y.output')).toEqual([{ name: 'steps', step: 'y', field: 'output' }]);
    expect(reads('trigger.items[$$.steps.z.output = id]')).toEqual([{ name: 'trigger' }, { name: 'steps', step: 'z', field: 'output' }]);
    expect(reads('trigger.items.($.steps)')).toEqual([{ name: 'trigger' }]);
  });

  it('leaves alone names read in another context: predicates, later path steps, group-by, sorts, transforms', () => {
    expect(reads('trigger.items[steps > 1].error')).toEqual([{ name: 'trigger' }]);
    expect(reads('trigger.items.{"x": steps.q}')).toEqual([{ name: 'trigger' }]);
    expect(reads('trigger.items{item: error}')).toEqual([{ name: 'trigger' }]);
    expect(reads('trigger.items^(steps)')).toEqual([{ name: 'trigger' }]);
    expect(reads('trigger ~> | body | {"x": steps.z} |')).toEqual([{ name: 'trigger' }]);
  });

  it('does not guess a step id selected dynamically', () => {
    expect(reads('steps[0]')).toEqual([{ name: 'steps' }]);
    expect(reads('steps.a[0].output')).toEqual([{ name: 'steps', step: 'a' }]);
  });

  it('collects regular expressions, also inside sorts and predicates', () => {
    const { regexes } = analyzeExpression(jsonata('trigger.items[$contains(name, /x+/)]^($match(a, /y/))').ast());
    expect(regexes.map((r) => r.source)).toEqual(['x+', 'y']);
  });
});

describe('regexHazard', () => {
  it('flags a repeated group that itself repeats', () => {
    for (const pattern of ['(a+)+$', '(a*)*', '(\\w+\\s?)*x', '((ab)+)+', '(?:a+){2,}', '(x{1,5})+']) expect(regexHazard(pattern), pattern).toBeDefined();
  });

  it('leaves ordinary patterns alone', () => {
    for (const pattern of ['[0-9]+', '(ab)+', '(a|b)+', '^\\d{4}-\\d{2}$', '(a+)?', '([a+]*)x', '\\(a+\\)+', '(?<year>\\d+)-x']) {
      expect(regexHazard(pattern), pattern).toBeUndefined();
    }
  });
});

describe('parseTemplate', () => {
  it('tells plain text, a single expression and interpolation apart', () => {
    expect(parseTemplate('plain', 'p')).toEqual({ kind: 'text', text: 'plain' });
    expect(parseTemplate(' {{ a }} ', 'p')).toEqual({ kind: 'single', source: ' a ' });
    expect(parseTemplate('x{{ a }}', 'p')).toEqual({ kind: 'interpolated', parts: [{ kind: 'text', text: 'x' }, { kind: 'expression', source: ' a ' }] });
    expect(parseTemplate('{{ a }}{{ b }}', 'p').kind).toBe('interpolated');
  });

  it('skips braces in strings, comments and object constructors', () => {
    expect(parseTemplate('{{ "}}" /* }} */ & {"a": {"b": 1}}.a.b }}', 'p')).toEqual({ kind: 'single', source: ' "}}" /* }} */ & {"a": {"b": 1}}.a.b ' });
  });
});
