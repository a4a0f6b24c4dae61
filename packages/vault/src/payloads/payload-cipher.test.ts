import { thrownCode } from '@patchbay/testkit';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPayloadCipher } from './payload-cipher.ts';

const key1 = randomBytes(32);
const key2 = randomBytes(32);
const place = 'jobs.result:job_a';

describe('payload cipher', () => {
  const cipher = createPayloadCipher(new Map([['pk1', key1]]), 'pk1');

  it('opens what it sealed for the same place; the sealed form shows neither the text nor its encodings', () => {
    const text = JSON.stringify({ name: 'Ada Lovelace', card: '4111 1111 1111 1111' });
    const sealed = cipher.seal(text, place);
    expect(sealed.startsWith('enc1:pk1:')).toBe(true);
    for (const needle of ['Ada', 'Lovelace', Buffer.from(text).toString('base64url').slice(0, 12)]) expect(sealed).not.toContain(needle);
    expect(cipher.open(sealed, place)).toBe(text);
    // A fresh IV each time: equal payloads do not show as equal values.
    expect(cipher.seal(text, place)).not.toBe(sealed);
    expect(cipher.open(cipher.seal('', place), place)).toBe('');
  });

  it('refuses a value opened for another place (another job, column or step)', () => {
    const sealed = cipher.seal('{"a":1}', place);
    for (const other of ['jobs.result:job_b', 'jobs.error:job_a', 'job_progress.data:job_a:0']) expect(thrownCode(() => cipher.open(sealed, other))).toBe('secrets_tampered');
  });

  it('refuses an altered value, a truncated one, and one under a key id that is not a key id', () => {
    const sealed = cipher.seal('{"a":1}', place);
    const body = sealed.slice('enc1:pk1:'.length);
    const bytes = Buffer.from(body, 'base64url');
    bytes[bytes.length - 1] = (bytes.at(-1) ?? 0) ^ 1;
    expect(thrownCode(() => cipher.open(`enc1:pk1:${bytes.toString('base64url')}`, place))).toBe('secrets_tampered');
    expect(thrownCode(() => cipher.open('enc1:pk1:AAAA', place))).toBe('secrets_tampered');
    expect(thrownCode(() => cipher.open(`enc1:zz:${body}`, place))).toBe('secrets_tampered');
    expect(thrownCode(() => cipher.open('{"a":1}', place))).toBe('secrets_tampered');
  });

  it('says which key it lacks, and reads values of older keys after a newer one took over', () => {
    const old = cipher.seal('"old"', place);
    expect(thrownCode(() => createPayloadCipher(new Map([['pk2', key2]]), 'pk2').open(old, place))).toBe('secrets_unreadable');
    const both = createPayloadCipher(new Map([['pk1', key1], ['pk2', key2]]), 'pk2');
    expect(both.open(old, place)).toBe('"old"');
    const fresh = both.seal('"new"', place);
    expect(fresh.startsWith('enc1:pk2:')).toBe(true);
    expect(both.open(fresh, place)).toBe('"new"');
  });

  it('refuses keys of the wrong size or id', () => {
    expect(() => createPayloadCipher(new Map([['pk1', randomBytes(16)]]), 'pk1')).toThrow(/32-byte/);
    expect(() => createPayloadCipher(new Map([['key', key1]]), 'key')).toThrow(/pk1/);
    expect(() => createPayloadCipher(new Map([['pk1', key1]]), 'pk2')).toThrow(/not among/);
  });
});
