import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@patchbay/core';
import { InvalidMasterKeyError, WrongMasterKeyError } from './errors.ts';

const FINGERPRINT_LABEL = 'patchbay master key fingerprint v1';
export const KEY_FILE_NAME = 'master.key';

/** A 32-byte AES key with its public identity. `key` is non-enumerable so that logging or serialising a MasterKey shows no key bytes. */
export interface MasterKey {
  /** `mk_` + the first 16 hex characters of the fingerprint: stored beside every ciphertext. */
  kid: string;
  /** Hex HMAC-SHA256(key, fixed label): proves a supplied key is the stored one without revealing it. */
  fingerprint: string;
  key: Buffer;
}

/** 32 random bytes in base64: a new master key (what `patchbay keys generate` prints). */
export function generateMasterKey(): string {
  return randomBytes(32).toString('base64');
}

/** One base64 master key, or undefined when the text is not 32 bytes of base64. */
function decodeMasterKey(base64: string): MasterKey | undefined {
  const text = base64.trim();
  const key = Buffer.from(text, 'base64');
  // Node's base64 decoder skips junk silently: re-encoding catches typos and truncation.
  if (key.length !== 32 || key.toString('base64') !== text) return undefined;
  const fingerprint = createHmac('sha256', key).update(FINGERPRINT_LABEL).digest('hex');
  const masterKey = { kid: `mk_${fingerprint.slice(0, 16)}`, fingerprint } as MasterKey;
  Object.defineProperty(masterKey, 'key', { value: key, enumerable: false });
  return masterKey;
}

/** Parses one base64 master key. `where` names its origin in the error, which never quotes the key. */
export function parseMasterKey(base64: string, where = 'The master key'): MasterKey {
  const key = decodeMasterKey(base64);
  if (!key) throw new InvalidMasterKeyError(`${where} is not 32 bytes in base64: run "npx patchbay keys generate" to make one.`);
  return key;
}

/**
 * The master keys this process holds: `primary` wraps new data keys; the others only unwrap, so a
 * rotation can run while old rows still exist. Keys live in a private field, so logging a ring
 * prints no key material.
 */
export class KeyRing {
  readonly #keys = new Map<string, MasterKey>();
  #primary: MasterKey;
  /** The key file this ring was read from, if any: `reload()` re-reads it. */
  readonly file: string | undefined;

  constructor(keys: readonly MasterKey[], options: { file?: string } = {}) {
    const [first] = keys;
    if (!first) throw new InvalidMasterKeyError('A key ring needs at least one master key.');
    this.#primary = first;
    for (const key of keys) if (!this.#keys.has(key.kid)) this.#keys.set(key.kid, key);
    this.file = options.file;
  }

  static fromBase64(keys: readonly string[], options: { file?: string } = {}): KeyRing {
    return new KeyRing(keys.map((k, i) => parseMasterKey(k, keys.length > 1 ? `Master key ${i + 1}` : 'The master key')), options);
  }

  get primary(): MasterKey {
    return this.#primary;
  }

  get(kid: string): MasterKey | undefined {
    return this.#keys.get(kid);
  }

  /** Key ids, primary first. */
  kids(): string[] {
    return [this.#primary.kid, ...[...this.#keys.keys()].filter((kid) => kid !== this.#primary.kid)];
  }

  /**
   * Re-reads the key file (rings from PATCHBAY_MASTER_KEY cannot change: returns false). Another
   * process may have added a key during a rotation: it is learned here, and the file's first key
   * becomes the primary. Keys already held are kept, so rows not yet re-wrapped still open.
   * Returns true when a key was learned. A missing or unreadable file changes nothing.
   */
  reload(): boolean {
    if (!this.file) return false;
    let keys: MasterKey[];
    try {
      keys = readKeyFile(this.file);
    } catch {
      return false;
    }
    let learned = false;
    for (const key of keys) {
      if (this.#keys.has(key.kid)) continue;
      this.#keys.set(key.kid, key);
      learned = true;
    }
    const first = keys[0];
    if (first) this.#primary = this.#keys.get(first.kid) ?? first;
    return learned;
  }

  toJSON(): { primary: string; kids: string[] } {
    return { primary: this.#primary.kid, kids: this.kids() };
  }
}

/**
 * One base64 key per line, first is primary; blank lines and `#` comments are ignored. A bad line is
 * named (never quoted) and followed by `advice`.
 */
function readKeyFile(file: string, advice = `restore ${file} from your backup.`): MasterKey[] {
  const keys: MasterKey[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (const [index, line] of lines.entries()) {
    const text = line.trim();
    if (text === '' || text.startsWith('#')) continue;
    const key = decodeMasterKey(text);
    if (!key) throw new InvalidMasterKeyError(`Line ${index + 1} of ${file} is not 32 bytes in base64: ${advice}`);
    keys.push(key);
  }
  return keys;
}

export interface LoadKeyRingOptions {
  /** PATCHBAY_MASTER_KEY: base64 keys, comma-separated, the first encrypts. Unset: use the key file. */
  masterKey?: string | undefined;
  /** Where `master.key` lives (and is generated on first start). */
  dataDir: string;
  logger: Pick<Logger, 'warn'>;
  /**
   * Master key id → how many stored records were encrypted with it (`keysInUse`), read before the
   * key. The key file is generated only when this is given and empty: a first start, where nothing
   * can be lost. With records present, a missing, empty or malformed key file refuses to start
   * naming the key ids to restore, and nothing is written: a new key would not decrypt those
   * records, and a file left behind holding one would later pass for the real key. Not given (a
   * command that did not look at the store): the file is never generated. Default: not given.
   */
  inUse?: ReadonlyMap<string, number> | undefined;
}

export interface LoadedKeyRing {
  ring: KeyRing;
  source: 'env' | 'file';
  /** True when this call created the key file. */
  generated: boolean;
}

/**
 * What to do about a key file that is missing or unreadable. Names the key ids the stored records
 * need (ids are derived from an HMAC: safe to show), so the right backup can be found.
 */
function restoreAdvice(file: string, inUse: ReadonlyMap<string, number> | undefined): string {
  const kids = [...(inUse?.keys() ?? [])].sort();
  if (kids.length > 0) {
    const records = kids.reduce((sum, kid) => sum + (inUse?.get(kid) ?? 0), 0);
    const keys = kids.length > 1 ? `master keys ${kids.join(', ')}` : `master key ${kids.join('')}`;
    return (
      `restore ${file} from your backup (${keys}), or set PATCHBAY_MASTER_KEY to ${kids.length > 1 ? 'those keys' : 'that key'}, then start again. ` +
      `${records} stored record(s) were encrypted with ${keys}, and no other key decrypts them: ` +
      'Patchbay did not start and wrote no new key ("patchbay keys generate" would not restore access either).'
    );
  }
  if (inUse) return `restore ${file} from your backup; or, as nothing is encrypted yet, delete it and a new key is generated at the next start.`;
  return `restore ${file} from your backup, or set PATCHBAY_MASTER_KEY.`;
}

/**
 * The key ring from PATCHBAY_MASTER_KEY when set, else from `<dataDir>/master.key`, generated on a
 * first start (`inUse` given and empty). The server calls it through `loadVerifiedKeyRing`.
 */
export function loadKeyRing(options: LoadKeyRingOptions): LoadedKeyRing {
  const fromEnv = options.masterKey?.trim();
  if (fromEnv) {
    const parts = fromEnv.split(',').map((p) => p.trim());
    return { ring: KeyRing.fromBase64(parts), source: 'env', generated: false };
  }

  const { inUse } = options;
  const file = join(options.dataDir, KEY_FILE_NAME);
  const advice = restoreAdvice(file, inUse);
  let generated = false;
  if (!exists(file)) {
    const missing = `The master key file ${file} is missing: ${advice}`;
    if (inUse === undefined) throw new InvalidMasterKeyError(missing);
    if (inUse.size > 0) throw new WrongMasterKeyError(missing, { file, missingKeyIds: [...inUse.keys()].sort() });
    generated = createKeyFile(options.dataDir, file);
  }
  const keys = readKeyFile(file, advice);
  // An empty file may be a truncated backup: generating over it would orphan every stored secret.
  if (keys.length === 0) {
    throw new InvalidMasterKeyError(`${file} holds no master key: ${advice}`);
  }
  const ring = new KeyRing(keys, { file });
  if (generated) {
    options.logger.warn(
      { file, kid: ring.primary.kid },
      `Generated a new master key in ${file}. Back this file up somewhere safe, away from this server: if it is lost, ` +
        'every stored credential becomes unreadable and every connection must be set up again. ' +
        'To manage the key yourself instead, set PATCHBAY_MASTER_KEY.',
    );
  } else if ((statSync(file).mode & 0o077) !== 0) {
    options.logger.warn({ file }, `${file} can be read by other users of this machine: run "chmod 600 ${file}".`);
  }
  return { ring, source: 'file', generated };
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/**
 * Writes a complete temporary file, then hard-links it into place: the link is atomic and fails if
 * the file exists, so two processes starting at once (server and CLI) agree on one key and neither
 * ever reads a half-written file. Returns false when another process won the race.
 */
function createKeyFile(dataDir: string, file: string): boolean {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, `${generateMasterKey()}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(tmp, 0o600); // the umask can only remove bits, but say exactly what we mean
    linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
}
