import { format, inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isSecret, Secret } from './secret.ts';

const CANARY = 'canary-5f3a9c-secret-value';

describe('Secret', () => {
  const secret = new Secret(CANARY);

  it('reveals its value only through reveal()', () => {
    expect(secret.reveal()).toBe(CANARY);
    expect(isSecret(secret)).toBe(true);
    expect(isSecret(CANARY)).toBe(false);
  });

  it.each<[string, () => string]>([
    ['JSON.stringify', () => JSON.stringify({ nested: { secret }, list: [secret] })],
    ['String()', () => String(secret)],
    ['a template literal', () => `value: ${secret}`],
    ['string concatenation', () => 'value: ' + secret],
    ['util.inspect', () => inspect({ deep: { deeper: { secret } } }, { depth: 10, showHidden: true })],
    ['util.format %s %o %O %j', () => format('%s %o %O %j', secret, { secret }, { secret }, { secret })],
    ['an Error message', () => new Error(`login failed with ${secret}`).message],
    ['an inspected Error with the secret as cause', () => inspect(new Error('failed', { cause: secret }))],
  ])('never shows the value through %s', (_, render) => {
    const output = render();
    expect(output).toContain('[secret]');
    expect(output).not.toContain(CANARY);
  });

  it('keeps the value out of own enumerable properties', () => {
    expect(Object.keys(secret)).toEqual([]);
    expect(Object.values({ ...secret })).toEqual([]);
  });
});
