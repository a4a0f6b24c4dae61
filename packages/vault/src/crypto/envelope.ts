import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecretsTamperedError, SecretsUnreadableError } from './errors.ts';
import type { KeyRing, MasterKey } from './keyring.ts';

/**
 * Envelope encryption. Each seal draws a fresh 32-byte data key that encrypts the plaintext
 * (AES-256-GCM); the primary master key wraps the data key (AES-256-GCM, own IV). Rotation re-wraps
 * only the data key, so `ct` never changes and plaintext is never handled.
 *
 * Sealed form, compact JSON with base64url fields:
 *   {"v":1,"kid":"mk_…","wk":wrapIv(12)|wrappedKey(32)|wrapTag(16),"iv":…(12),"tag":…(16),"ct":…}
 *
 * The caller's AAD (which row this is) is bound to both layers: to the data so `ct` cannot move
 * rows, and to the wrapping (with the kid) so a `wk` cannot be grafted onto another blob either.
 */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const WK_BYTES = IV_BYTES + KEY_BYTES + TAG_BYTES;
const KID_PATTERN = /^mk_[0-9a-f]{16}$/;
const B64URL = /^[A-Za-z0-9_-]*$/;

interface Sealed {
  v: number;
  kid: string;
  wk: string;
  iv: string;
  tag: string;
  ct: string;
}

const dataAad = (aad: string): Buffer => Buffer.from(`patchbay data v1\0${aad}`, 'utf8');
const wrapAad = (kid: string, aad: string): Buffer => Buffer.from(`patchbay wrap v1\0${kid}\0${aad}`, 'utf8');

/** Encrypts `plaintext` for the record named by `aad` (see aad.ts) under the ring's primary key. */
export function seal(ring: KeyRing, plaintext: string, aad: string): string {
  const dataKey = randomBytes(KEY_BYTES);
  try {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
    cipher.setAAD(dataAad(aad));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return format(ring.primary, wrap(ring.primary, dataKey, aad), iv, cipher.getAuthTag(), ct);
  } finally {
    dataKey.fill(0);
  }
}

/** Decrypts a sealed string. Throws SecretsUnreadableError (key missing) or SecretsTamperedError (altered, or wrong AAD). */
export function open(ring: KeyRing, sealed: string, aad: string): string {
  const parsed = parse(sealed);
  const dataKey = unwrap(keyFor(ring, parsed.kid), parsed, aad);
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, b64(parsed.iv));
    decipher.setAAD(dataAad(aad));
    decipher.setAuthTag(b64(parsed.tag));
    return Buffer.concat([decipher.update(b64(parsed.ct)), decipher.final()]).toString('utf8');
  } catch (err) {
    throw new SecretsTamperedError({ keyId: parsed.kid }, err);
  } finally {
    dataKey.fill(0);
  }
}

/** The master key id a sealed string was wrapped with. */
export function sealedKeyId(sealed: string): string {
  return parse(sealed).kid;
}

/**
 * Unwraps the data key with the key it names and wraps it again under the primary; `iv`, `tag`
 * and `ct` are copied unchanged. A blob already under the primary is returned as it is.
 */
export function rewrap(ring: KeyRing, sealed: string, aad: string): string {
  const parsed = parse(sealed);
  if (parsed.kid === ring.primary.kid) return sealed;
  const dataKey = unwrap(keyFor(ring, parsed.kid), parsed, aad);
  try {
    return format(ring.primary, wrap(ring.primary, dataKey, aad), b64(parsed.iv), b64(parsed.tag), b64(parsed.ct));
  } finally {
    dataKey.fill(0);
  }
}

function keyFor(ring: KeyRing, kid: string): MasterKey {
  // Another process may have rotated to a key appended to the key file since we loaded it.
  const key = ring.get(kid) ?? (ring.reload() ? ring.get(kid) : undefined);
  if (!key) throw SecretsUnreadableError.missingKey(kid, ring);
  return key;
}

function wrap(master: MasterKey, dataKey: Buffer, aad: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', master.key, iv);
  cipher.setAAD(wrapAad(master.kid, aad));
  const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([iv, wrapped, cipher.getAuthTag()]);
}

function unwrap(master: MasterKey, parsed: Sealed, aad: string): Buffer {
  const wk = b64(parsed.wk);
  try {
    const decipher = createDecipheriv('aes-256-gcm', master.key, wk.subarray(0, IV_BYTES));
    decipher.setAAD(wrapAad(master.kid, aad));
    decipher.setAuthTag(wk.subarray(IV_BYTES + KEY_BYTES));
    return Buffer.concat([decipher.update(wk.subarray(IV_BYTES, IV_BYTES + KEY_BYTES)), decipher.final()]);
  } catch (err) {
    throw new SecretsTamperedError({ keyId: parsed.kid }, err);
  }
}

function format(master: MasterKey, wk: Buffer, iv: Buffer, tag: Buffer, ct: Buffer): string {
  const sealed: Sealed = {
    v: VERSION,
    kid: master.kid,
    wk: wk.toString('base64url'),
    iv: iv.toString('base64url'),
    tag: tag.toString('base64url'),
    ct: ct.toString('base64url'),
  };
  return JSON.stringify(sealed);
}

const b64 = (text: string): Buffer => Buffer.from(text, 'base64url');

/** Checks shape and lengths up front, so a mangled blob reports tampering instead of a crypto library error. */
function parse(sealed: string): Sealed {
  let value: unknown;
  try {
    value = JSON.parse(sealed);
  } catch (err) {
    throw new SecretsTamperedError(undefined, err);
  }
  if (typeof value !== 'object' || value === null) throw new SecretsTamperedError();
  const v = 'v' in value ? value.v : undefined;
  if (typeof v === 'number' && v > VERSION) {
    throw new SecretsUnreadableError(
      `The stored secrets are in format v${v}, written by a newer version of Patchbay: upgrade this server to read them.`,
      { version: v },
    );
  }
  const field = (name: string): string | undefined => {
    const x: unknown = (value as Record<string, unknown>)[name];
    return typeof x === 'string' ? x : undefined;
  };
  const [kid, wk, iv, tag, ct] = ['kid', 'wk', 'iv', 'tag', 'ct'].map(field);
  if (v !== VERSION || kid === undefined || !KID_PATTERN.test(kid) || wk === undefined || iv === undefined || tag === undefined || ct === undefined) {
    throw new SecretsTamperedError();
  }
  const sized = (text: string, bytes: number | undefined): boolean =>
    B64URL.test(text) && (bytes === undefined || b64(text).length === bytes);
  if (!sized(wk, WK_BYTES) || !sized(iv, IV_BYTES) || !sized(tag, TAG_BYTES) || !sized(ct, undefined)) {
    throw new SecretsTamperedError({ keyId: kid });
  }
  return { v, kid, wk, iv, tag, ct };
}
