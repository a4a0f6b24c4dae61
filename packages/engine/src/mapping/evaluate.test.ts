import { describe, expect, it } from 'vitest';
import { childPath, compileMapping } from './evaluate.ts';
import type { MappingScope } from './expression.ts';

const scope: MappingScope = {
  trigger: { body: { accountId: 42, name: 'Ada Lovelace', amount: '12.5', tags: ['vip', 'eu'], active: true, nothing: null } },
  steps: { lookup: { output: { status: 200, body: { name: 'Acme', owner: { email: 'a@acme.test' }, lines: [{ qty: 2, price: 3 }, { qty: 1, price: 10 }] } } } },
};

async function map(mapping: unknown, extra: Partial<MappingScope> = {}) {
  return compileMapping(mapping, { path: 'steps[1].input' }).evaluate({ ...scope, ...extra });
}

describe('a string that is exactly one {{ }}', () => {
  it('keeps the type of the value', async () => {
    expect(await map('{{ trigger.body.accountId }}')).toBe(42);
    expect(await map('{{ trigger.body.active }}')).toBe(true);
    expect(await map('{{ trigger.body.tags }}')).toEqual(['vip', 'eu']);
    expect(await map('{{ steps.lookup.output.body.owner }}')).toEqual({ email: 'a@acme.test' });
    expect(await map('{{ trigger.body.nothing }}')).toBeNull();
  });

  it('allows whitespace around it', async () => {
    expect(await map('  {{trigger.body.accountId}}\n')).toBe(42);
  });

  it('gives null for a missing path', async () => {
    expect(await map('{{ trigger.body.missing.deeper }}')).toBeNull();
    expect(await map('{{ steps.lookup.output.body.lines[5].qty }}')).toBeNull();
  });

  it('gives a plain array for a JSONata sequence, and a single match as the value itself', async () => {
    const lines = await map('{{ steps.lookup.output.body.lines.qty }}');
    expect(lines).toEqual([2, 1]);
    expect(Object.keys(lines as object)).toEqual(['0', '1']); // no `sequence` marker leaks out
    expect(await map('{{ steps.lookup.output.body.lines[price > 5].qty }}')).toBe(1);
  });

  it('supports arithmetic, string functions and object constructors', async () => {
    expect(await map('{{ $sum(steps.lookup.output.body.lines.(qty * price)) }}')).toBe(16);
    expect(await map('{{ $number(trigger.body.amount) * 2 }}')).toBe(25);
    expect(await map('{{ $uppercase($substringBefore(trigger.body.name, " ")) }}')).toBe('ADA');
    expect(await map('{{ $join(trigger.body.tags, ",") }}')).toBe('vip,eu');
    expect(await map('{{ trigger.body.accountId > 40 ? "big" : "small" }}')).toBe('big');
    expect(await map('{{ {"id": trigger.body.accountId, "tags": trigger.body.tags} }}')).toEqual({ id: 42, tags: ['vip', 'eu'] });
  });
});

describe('interpolated strings', () => {
  it('writes each value as text', async () => {
    expect(await map('/accounts/{{ trigger.body.accountId }}')).toBe('/accounts/42');
    expect(await map('{{ trigger.body.name }} <{{ steps.lookup.output.body.owner.email }}>')).toBe('Ada Lovelace <a@acme.test>');
    expect(await map('active: {{ trigger.body.active }}')).toBe('active: true');
  });

  it('writes objects and arrays as JSON and nothing (or null) as empty text', async () => {
    expect(await map('tags={{ trigger.body.tags }}')).toBe('tags=["vip","eu"]');
    expect(await map('owner={{ steps.lookup.output.body.owner }}')).toBe('owner={"email":"a@acme.test"}');
    expect(await map('[{{ trigger.body.missing }}][{{ trigger.body.nothing }}]')).toBe('[][]');
  });

  it('formats numbers as JSONata does', async () => {
    expect(await map('total {{ 0.1 + 0.2 }}')).toBe('total 0.3');
  });

  it('finds the end of an expression that uses braces and strings itself', async () => {
    expect(await map('x{{ {"a": {"b": 1}}.a.b }}y')).toBe('x1y');
    expect(await map('{{ "}}" & trigger.body.accountId }}')).toBe('}}42');
  });
});

describe('objects and arrays', () => {
  it('are walked recursively; keys are not templated; other values are kept', async () => {
    const result = await map({
      method: 'POST',
      '{{ trigger.body.name }}': 'key kept as written',
      body: { name: '{{ steps.lookup.output.body.name }}', origin: '{{ trigger.body.accountId }}', list: ['{{ trigger.body.tags[0] }}', 7, null, false] },
    });
    expect(result).toEqual({
      method: 'POST',
      '{{ trigger.body.name }}': 'key kept as written',
      body: { name: 'Acme', origin: 42, list: ['vip', 7, null, false] },
    });
  });

  it('returns fresh values that do not alias the scope', async () => {
    const mapping = compileMapping({ owner: '{{ steps.lookup.output.body.owner }}', fixed: { a: 1 } }, { path: 'x' });
    const first = (await mapping.evaluate(scope)) as { owner: { email: string }; fixed: { a: number } };
    first.owner.email = 'changed';
    first.fixed.a = 2;
    expect(scope.steps.lookup?.output).toMatchObject({ body: { owner: { email: 'a@acme.test' } } });
    expect(await mapping.evaluate(scope)).toEqual({ owner: { email: 'a@acme.test' }, fixed: { a: 1 } });
  });

  it('reads item, index and error when the caller puts them in scope', async () => {
    expect(await map('{{ index }}: {{ item.qty }}', { item: { qty: 3 }, index: 0 })).toBe('0: 3');
    expect(await map('{{ error.code }}', { error: { code: 'upstream_failed' } })).toBe('upstream_failed');
  });

  it('lists its expressions with their locations', () => {
    const mapping = compileMapping({ a: ['{{ trigger.x }}', 'b {{ steps.lookup.output }} {{ 1 }}'] }, { path: 'steps[0].input' });
    expect(mapping.expressions.map((e) => [e.path, e.source.trim()])).toEqual([
      ['steps[0].input.a[0]', 'trigger.x'],
      ['steps[0].input.a[1]', 'steps.lookup.output'],
      ['steps[0].input.a[1]', '1'],
    ]);
  });
});

describe('childPath', () => {
  it('uses dots for names and brackets for indexes and unusual keys', () => {
    expect(childPath('steps[1].input', 'body')).toBe('steps[1].input.body');
    expect(childPath('steps[1].input', 0)).toBe('steps[1].input[0]');
    expect(childPath('headers', 'Content-Type')).toBe('headers.Content-Type');
    expect(childPath('body', 'a.b')).toBe('body["a.b"]');
    expect(childPath('', 'name')).toBe('name');
  });
});
