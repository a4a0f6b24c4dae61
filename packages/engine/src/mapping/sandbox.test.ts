import { afterEach, describe, expect, it } from 'vitest';
import { compileMapping } from './evaluate.ts';
import { MappingError } from './errors.ts';
import type { MappingScope } from './expression.ts';

/**
 * JSONata is data-only, but only as long as no JavaScript function is registered and no property
 * of a function or a prototype can be reached. These expressions try every door we know of.
 */
const scope: MappingScope = {
  trigger: JSON.parse('{"body": {"a": 1}, "__proto__": {"polluted": true}}'),
  steps: {},
};

const canary = { called: false };
declare global {
  // `declare global` can only add a global through `var`.
  var __patchbayCanary: (() => void) | undefined;
}

afterEach(() => {
  globalThis.__patchbayCanary = undefined;
});

async function outcome(expression: string): Promise<unknown> {
  try {
    return await compileMapping(`{{ ${expression} }}`, { path: 'x', limits: { timeoutMs: 200 } }).evaluate(scope);
  } catch (err) {
    if (err instanceof MappingError) return `refused: ${err.failure}`;
    throw err;
  }
}

describe('no JavaScript from a recipe can run', () => {
  it('has no JavaScript globals or Node objects in scope', async () => {
    for (const name of ['process', 'require', 'globalThis', 'global', 'Function', 'module', 'import', '__patchbayCanary']) {
      expect(await outcome(`$${name}`), name).toBeNull();
      expect(await outcome(`$eval("$${name}")`), name).toBeNull();
      expect(await outcome(`$eval("${name}")`), name).toBeNull();
    }
  });

  it('$eval runs JSONata only, over the same data', async () => {
    expect(await outcome('$eval("1 + 1")')).toBe(2);
    expect(await outcome('$eval("trigger.body.a")')).toBe(1);
    expect(await outcome('$eval("process.mainModule.require(\\"child_process\\")")')).toBeNull();
    // A name is data, never a function: calling one fails instead of reaching Node.
    expect(await outcome('$eval("require(\\"fs\\")")')).toBe('refused: runtime');
    expect(await outcome('require("fs")')).toBe('refused: runtime');
  });

  it('cannot call a JavaScript function placed on the global object', async () => {
    globalThis.__patchbayCanary = () => {
      canary.called = true;
    };
    for (const expression of ['$__patchbayCanary()', '$eval("$__patchbayCanary()")', '__patchbayCanary()']) await outcome(expression);
    expect(canary.called).toBe(false);
  });

  it('cannot reach constructors or prototypes of data', async () => {
    for (const expression of [
      'trigger.constructor',
      'trigger.body.constructor.constructor',
      'trigger.__proto__.constructor',
      '$lookup(trigger, "constructor")',
      '$lookup(trigger.body, "__proto__")',
      '"abc".constructor',
      'trigger.body.a.constructor',
      '$eval("trigger.constructor")',
    ]) {
      expect(await outcome(expression), expression).toBeNull();
    }
  });

  it('cannot reach into functions, whether built-in or defined by the recipe', async () => {
    for (const expression of [
      '$string.constructor',
      '$sum.implementation',
      '$lookup($sum, "implementation")',
      '(function($x){ $x }).constructor',
      '(function($x){ $x }).environment',
      '($f := function(){ 1 }; $f.body)',
      '$keys($sum)',
      '$keys(function($x){ $x })',
    ]) {
      expect(await outcome(expression), expression).toBeNull();
    }
    // A function value cannot leave the expression either.
    expect(await outcome('$spread($sum)')).toBe('refused: not_data');
    expect(await outcome('$sum')).toBe('refused: not_data');
  });

  it('cannot pollute prototypes through objects it builds', async () => {
    await outcome('$merge([trigger, {"__proto__": {"polluted": true}}])');
    await outcome('{"__proto__": {"polluted": true}}');
    await outcome('trigger ~> | $ | {"__proto__": {"polluted": true}} |');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps a "__proto__" key of the data as plain data', async () => {
    const result = await compileMapping('{{ trigger }}', { path: 'x' }).evaluate(scope);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result as object)).toContain('__proto__');
  });
});

describe('regular expressions', () => {
  it('refuses, at compile time, a pattern that can backtrack exponentially', () => {
    expect(() => compileMapping('{{ $match(trigger.body.a, /(a+)+$/) }}', { path: 'steps[0].input' })).toThrow(
      /steps\[0\]\.input has a regular expression that is refused/,
    );
  });

  it('refuses the same pattern when $eval builds it at run time', async () => {
    expect(await outcome('$eval("$match(\\"aaaa\\", /(a+)+$/)")')).toBe('refused: runtime');
  });

  it('runs ordinary patterns', async () => {
    expect(await outcome('$match("order-123", /[0-9]+/).match')).toBe('123');
    expect(await outcome('$replace("a-b-c", /-/, "+")')).toBe('a+b+c');
    expect(await outcome('$contains("hello", /l{2}/)')).toBe(true);
  });
});
