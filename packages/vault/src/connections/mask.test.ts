import { PatchbayError, Secret } from '@patchbay/core';
import { describe, expect, it } from 'vitest';
import { MIN_SECRET_LENGTH, SECRET_MASK, SecretMasker, credentialValues, maskError, secretForms } from './mask.ts';

const TOKEN = 'tok-3e8d7c1a/+?&= x';

describe('masking secrets by value', () => {
  const masker = new SecretMasker([TOKEN, 'abc']);

  it('replaces a value and its encodings wherever they sit, keys included', () => {
    const value = {
      echo: TOKEN,
      nested: [{ text: `Bearer ${TOKEN}.` }],
      b64: Buffer.from(TOKEN).toString('base64'),
      b64url: Buffer.from(TOKEN).toString('base64url'),
      query: `https://app/x?token=${encodeURIComponent(TOKEN)}&y=1`,
      form: `a=1&t=${new URLSearchParams({ t: TOKEN }).toString().slice(2)}`,
      json: JSON.stringify({ inner: `${TOKEN}"` }),
      [TOKEN]: 1,
    };
    const masked = masker.value(value);
    expect(JSON.stringify(masked)).not.toContain('3e8d7c1a');
    for (const form of secretForms(TOKEN)) expect(JSON.stringify(masked)).not.toContain(form);
    expect(masked.echo).toBe(SECRET_MASK);
    expect(masked.nested[0]?.text).toBe(`Bearer ${SECRET_MASK}.`);
    expect(masked.query).toBe(`https://app/x?token=${SECRET_MASK}&y=1`);
    expect(Object.keys(masked)).toContain(SECRET_MASK);
  });

  it(`leaves values shorter than ${MIN_SECRET_LENGTH} characters alone, and shares unchanged parts`, () => {
    const plain = { a: 'abc', list: [1, 'abcdef'], deep: { x: true } };
    const masked = masker.value(plain);
    expect(masked).toBe(plain);
    expect(new SecretMasker(['short']).empty).toBe(true);
  });

  it('keeps "__proto__" keys as data', () => {
    const value = JSON.parse(`{"__proto__": {"t": "${TOKEN.replace(/"/g, '\\"')}"}}`) as Record<string, unknown>;
    const masked = masker.value(value);
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(masked, '__proto__')?.value).toEqual({ t: SECRET_MASK });
  });

  it("masks the Basic header's base64 of user:password", () => {
    const values = credentialValues({ kind: 'basic', username: 'u', password: new Secret('canary-password') });
    const header = `Basic ${Buffer.from('u:canary-password').toString('base64')}`;
    expect(new SecretMasker(values).text(header)).toBe(`Basic ${SECRET_MASK}`);
  });

  it('masks an error, its details and its cause in place', () => {
    const cause = new Error(`fetch failed for ?key=${TOKEN}`);
    const err = new PatchbayError('action_failed', 502, `The app said ${TOKEN}`, { details: { body: TOKEN }, cause });
    maskError(err, masker);
    expect(err.message).toBe(`The app said ${SECRET_MASK}`);
    expect(err.details).toEqual({ body: SECRET_MASK });
    expect(err.stack).not.toContain(TOKEN);
    expect(cause.message).not.toContain(TOKEN);
  });
});
