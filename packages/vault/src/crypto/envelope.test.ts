import { describe, expect, it } from 'vitest';
import { serializeError } from '@patchbay/core';
import { connectionAad } from './aad.ts';
import { open, rewrap, seal, sealedKeyId } from './envelope.ts';
import { SecretsTamperedError, SecretsUnreadableError } from './errors.ts';
import { newKeys, newRing } from './test-fixtures.ts';

const [keyA, keyB] = newKeys(2) as [string, string];
const ringA = newRing(keyA);
const CANARY = 'canary-plaintext-7f3e9a';
const AAD = connectionAad('ws_1', 'conn_1');

type Blob = Record<string, string | number>;
const fields = (sealed: string): Blob => JSON.parse(sealed) as Blob;

/** Flips one bit in the middle of a base64url field. */
function tamper(sealed: string, field: string): string {
  const blob = fields(sealed);
  const bytes = Buffer.from(String(blob[field]), 'base64url');
  const at = Math.floor(bytes.length / 2);
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return JSON.stringify({ ...blob, [field]: bytes.toString('base64url') });
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('seal / open', () => {
  it('round-trips, in the compact versioned format, under the primary key', () => {
    const sealed = seal(ringA, CANARY, AAD);
    expect(Object.keys(fields(sealed))).toEqual(['v', 'kid', 'wk', 'iv', 'tag', 'ct']);
    expect(fields(sealed).v).toBe(1);
    expect(sealedKeyId(sealed)).toBe(ringA.primary.kid);
    expect(sealed).not.toContain(CANARY);
    expect(sealed).not.toMatch(/\s/);
    expect(open(ringA, sealed, AAD)).toBe(CANARY);
    expect(open(ringA, seal(ringA, '', AAD), AAD)).toBe('');
    expect(open(ringA, seal(ringA, 'ünïcødé ✓', AAD), AAD)).toBe('ünïcødé ✓');
  });

  it('draws a fresh data key and IVs per call', () => {
    const one = fields(seal(ringA, CANARY, AAD));
    const two = fields(seal(ringA, CANARY, AAD));
    for (const f of ['wk', 'iv', 'ct']) expect(one[f]).not.toBe(two[f]);
  });

  it.each(['ct', 'tag', 'wk', 'iv'])('reports a tampered %s as altered, without plaintext', (field) => {
    const err = thrown(() => open(ringA, tamper(seal(ringA, CANARY, AAD), field), AAD));
    expect(err).toBeInstanceOf(SecretsTamperedError);
    expect((err as SecretsTamperedError).code).toBe('secrets_tampered');
    expect((err as Error).message).toMatch(/altered, or copied from another record/);
    expect(JSON.stringify(serializeError(err))).not.toContain(CANARY);
  });

  it('refuses a blob moved to another record (other AAD)', () => {
    const sealed = seal(ringA, CANARY, AAD);
    for (const other of [connectionAad('ws_1', 'conn_2'), connectionAad('ws_2', 'conn_1'), `oauth_session:ws_1:conn_1`]) {
      expect(() => open(ringA, sealed, other)).toThrow(SecretsTamperedError);
    }
  });

  it('refuses a wrapped key grafted from another blob', () => {
    const a = fields(seal(ringA, CANARY, AAD));
    const b = fields(seal(ringA, 'other', AAD));
    expect(() => open(ringA, JSON.stringify({ ...a, wk: b.wk }), AAD)).toThrow(SecretsTamperedError);
  });

  it('reports malformed blobs as altered', () => {
    const good = fields(seal(ringA, CANARY, AAD));
    for (const bad of ['', 'not json', '[]', 'null', JSON.stringify({ ...good, kid: 'mk_zz' }), JSON.stringify({ ...good, iv: 'AAAA' }), JSON.stringify({ ...good, v: 0 })]) {
      expect(() => open(ringA, bad, AAD)).toThrow(SecretsTamperedError);
    }
  });

  it('names the missing master key and says what to do', () => {
    const sealed = seal(newRing(keyB), CANARY, AAD);
    const err = thrown(() => open(ringA, sealed, AAD)) as SecretsUnreadableError;
    expect(err).toBeInstanceOf(SecretsUnreadableError);
    expect(err.code).toBe('secrets_unreadable');
    expect(err.status).toBe(500);
    expect(err.message).toContain(`master key ${newRing(keyB).primary.kid} which this server does not have`);
    expect(err.message).toContain('set PATCHBAY_MASTER_KEY to that key (or add it after a comma)');
    expect(err.message).not.toContain(keyA);
    expect(err.message).not.toContain(keyB);
  });

  it('says a newer format needs an upgrade', () => {
    const blob = { ...fields(seal(ringA, CANARY, AAD)), v: 2 };
    expect(() => open(ringA, JSON.stringify(blob), AAD)).toThrow(/format v2.*upgrade/);
  });

  it('opens with a non-primary key of the ring', () => {
    const sealed = seal(ringA, CANARY, AAD);
    expect(open(newRing(keyB, keyA), sealed, AAD)).toBe(CANARY);
  });
});

describe('rewrap', () => {
  const ringBA = newRing(keyB, keyA);
  const ringB = newRing(keyB);

  it('moves the data key under the primary without touching the ciphertext', () => {
    const sealed = seal(ringA, CANARY, AAD);
    const moved = rewrap(ringBA, sealed, AAD);
    const before = fields(sealed);
    const after = fields(moved);
    expect(after.kid).toBe(ringB.primary.kid);
    expect(after.wk).not.toBe(before.wk);
    expect([after.ct, after.iv, after.tag]).toEqual([before.ct, before.iv, before.tag]);
    expect(open(ringB, moved, AAD)).toBe(CANARY);
    expect(() => open(ringA, moved, AAD)).toThrow(SecretsUnreadableError);
  });

  it('returns a blob already under the primary unchanged', () => {
    const sealed = seal(ringBA, CANARY, AAD);
    expect(rewrap(ringBA, sealed, AAD)).toBe(sealed);
  });

  it('refuses to rewrap with the wrong AAD or a missing key', () => {
    const sealed = seal(ringA, CANARY, AAD);
    expect(() => rewrap(ringBA, sealed, connectionAad('ws_1', 'conn_2'))).toThrow(SecretsTamperedError);
    expect(() => rewrap(ringB, sealed, AAD)).toThrow(SecretsUnreadableError);
  });
});
