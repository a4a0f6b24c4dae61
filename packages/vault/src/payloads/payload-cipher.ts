import { type KeyObject, createCipheriv, createDecipheriv, createSecretKey, randomBytes, randomFillSync } from 'node:crypto';
import { PayloadTamperedError, PayloadUnreadableError } from './errors.ts';

/**
 * Job payloads at rest (trigger events, step records, results, errors, durable-step progress):
 * AES-256-GCM under a payload key held in memory, a fresh 12-byte IV per value, and the value's place
 * (`jobs.result:<job id>`, …) as additional authenticated data, so a value moved to another row or
 * column fails instead of showing there. Synchronous and without any query: the webhook path pays
 * one cipher call per value (a few µs), not a key unwrap.
 *
 *   enc1:<key id>:base64url(iv(12) | tag(16) | ciphertext)
 *
 * Connection secrets use the envelope of vault/src/crypto (a data key per blob, wrapped by the master
 * key); job rows are too many and too hot for an unwrap each, so they share a key that is itself
 * sealed by that envelope (payload-keys.ts) and unwrapped once per process.
 */
export const PAYLOAD_PREFIX = 'enc1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KEY_ID = /^pk[0-9]+$/;

export interface PayloadCipher {
  /** Encrypts `text` for the place `aad` names under the current key. */
  seal(text: string, aad: string): string;
  /** Decrypts a value `seal` made for the same `aad`; throws PayloadTamperedError or PayloadUnreadableError. */
  open(sealed: string, aad: string): string;
}

const aadBytes = (aad: string): Buffer => Buffer.from(`patchbay payload v1\0${aad}`, 'utf8');

/**
 * IVs are random, drawn from a pool refilled 4 KiB at a time: one `randomBytes` call per value was
 * a third of a seal's cost. Random 96-bit IVs under one key stay safe far beyond the number of
 * values a database holds (NIST SP 800-38D: 2^32 per key).
 */
const IV_POOL_BYTES = IV_BYTES * 341;
const ivPool = Buffer.alloc(IV_POOL_BYTES);
let ivOffset = IV_POOL_BYTES;

/** Writes a fresh IV into `out` at 0. */
function writeIv(out: Buffer): void {
  if (ivOffset + IV_BYTES > IV_POOL_BYTES) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  ivPool.copy(out, 0, ivOffset, ivOffset + IV_BYTES);
  // Each IV is used once: wiped from the pool as it is taken.
  ivPool.fill(0, ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
}

/** A cipher over payload keys by id; `current` encrypts, every key decrypts. Key bytes are copied (the caller may wipe its own). */
export function createPayloadCipher(keys: ReadonlyMap<string, Buffer>, current: string): PayloadCipher {
  // KeyObjects: the key bytes live outside the JS heap, and a cipher made from one skips a copy.
  const held = new Map<string, KeyObject>();
  for (const [id, key] of keys) {
    if (!KEY_ID.test(id) || key.length !== KEY_BYTES) throw new Error(`payload key ${id} is not a 32-byte key with an id like pk1`);
    held.set(id, createSecretKey(key));
  }
  const key = held.get(current);
  if (!key) throw new Error(`payload key ${current} is not among the keys given`);
  const prefix = `${PAYLOAD_PREFIX}${current}:`;
  return {
    seal(text, aad) {
      // iv | tag | ct in one buffer: no concatenation on the webhook path.
      const plain = Buffer.from(text, 'utf8');
      const out = Buffer.allocUnsafe(IV_BYTES + TAG_BYTES + plain.length);
      writeIv(out);
      const cipher = createCipheriv('aes-256-gcm', key, out.subarray(0, IV_BYTES));
      cipher.setAAD(aadBytes(aad));
      // GCM is a stream mode: update() returns every byte, final() none (it computes the tag).
      cipher.update(plain).copy(out, IV_BYTES + TAG_BYTES);
      cipher.final();
      cipher.getAuthTag().copy(out, IV_BYTES);
      return prefix + out.toString('base64url');
    },
    open(sealed, aad) {
      const split = sealed.indexOf(':', PAYLOAD_PREFIX.length);
      if (!sealed.startsWith(PAYLOAD_PREFIX) || split < 0) throw new PayloadTamperedError(aad);
      const id = sealed.slice(PAYLOAD_PREFIX.length, split);
      const keyOfValue = held.get(id);
      if (!keyOfValue) throw KEY_ID.test(id) ? new PayloadUnreadableError(id, aad) : new PayloadTamperedError(aad);
      const bytes = Buffer.from(sealed.slice(split + 1), 'base64url');
      if (bytes.length < IV_BYTES + TAG_BYTES) throw new PayloadTamperedError(aad);
      try {
        const decipher = createDecipheriv('aes-256-gcm', keyOfValue, bytes.subarray(0, IV_BYTES));
        decipher.setAAD(aadBytes(aad));
        decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch (err) {
        throw new PayloadTamperedError(aad, err);
      }
    },
  };
}

/** A cipher under a random key that exists only in this process: for tests and benchmarks, never for a database that outlives it. */
export function ephemeralPayloadCipher(): PayloadCipher {
  return createPayloadCipher(new Map([['pk1', randomBytes(KEY_BYTES)]]), 'pk1');
}
