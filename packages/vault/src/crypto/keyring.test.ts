import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { appendFileSync, chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect, promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@patchbay/core';
import { connectionAad } from './aad.ts';
import { open, seal } from './envelope.ts';
import { InvalidMasterKeyError } from './errors.ts';
import { KeyRing, generateMasterKey, loadKeyRing, parseMasterKey } from './keyring.ts';
import { newKeys, newRing } from './test-fixtures.ts';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const keyringModule = fileURLToPath(new URL('./keyring.ts', import.meta.url));

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-keyring-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A first start: the store holds nothing encrypted, so a key file may be generated. */
const NOTHING_STORED: ReadonlyMap<string, number> = new Map();

function capturingLogger() {
  const lines: string[] = [];
  return { lines, logger: createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } }) };
}

/** Runs a script in a separate Node process, as another Patchbay process (server, CLI) would. */
async function inOtherProcess(dir: string, body: string): Promise<string> {
  const script = join(dir, `script-${Math.random().toString(36).slice(2)}.mts`);
  writeFileSync(script, `import { loadKeyRing } from ${JSON.stringify(keyringModule)};\nimport { appendFileSync } from 'node:fs';\n${body}\n`);
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot });
  return stdout.trim();
}

describe('master keys', () => {
  it('derive kid and fingerprint from an HMAC of a fixed label', () => {
    const base64 = generateMasterKey();
    const bytes = Buffer.from(base64, 'base64');
    expect(bytes).toHaveLength(32);
    const expected = createHmac('sha256', bytes).update('patchbay master key fingerprint v1').digest('hex');
    const key = parseMasterKey(base64);
    expect(key.fingerprint).toBe(expected);
    expect(key.kid).toBe(`mk_${expected.slice(0, 16)}`);
    expect(key.key.equals(bytes)).toBe(true);
    expect(generateMasterKey()).not.toBe(base64);
  });

  it('never show key bytes when logged or serialised', () => {
    const [a, b] = newKeys(2) as [string, string];
    const ring = newRing(a, b);
    const hexA = Buffer.from(a, 'base64').toString('hex');
    for (const shown of [JSON.stringify(ring), inspect(ring), JSON.stringify(ring.primary), inspect(ring.primary, { depth: 5 }), JSON.stringify({ ring })]) {
      expect(shown).not.toContain(a);
      expect(shown).not.toContain(b);
      expect(shown).not.toContain(hexA);
    }
  });

  it('reject keys that are not 32 bytes of base64, without quoting them', () => {
    const short = Buffer.alloc(16, 7).toString('base64');
    for (const bad of [short, 'not base64!', `${generateMasterKey()}x`]) {
      const attempt = () => KeyRing.fromBase64([bad]);
      expect(attempt).toThrow(InvalidMasterKeyError);
      expect(attempt).not.toThrow(bad);
    }
  });
});

describe('loadKeyRing from PATCHBAY_MASTER_KEY', () => {
  it('uses the first key as primary and the others to decrypt only', () => {
    const [a, b] = newKeys(2) as [string, string];
    const { ring, source, generated } = loadKeyRing({ masterKey: ` ${b} , ${a} `, dataDir: tempDir(), logger: createLogger({ level: 'silent' }) });
    expect([source, generated]).toEqual(['env', false]);
    expect(ring.primary.kid).toBe(parseMasterKey(b).kid);
    expect(ring.kids()).toEqual([parseMasterKey(b).kid, parseMasterKey(a).kid]);
    expect(ring.get(parseMasterKey(a).kid)?.fingerprint).toBe(parseMasterKey(a).fingerprint);
    expect(ring.get('mk_0000000000000000')).toBeUndefined();
    expect(ring.reload()).toBe(false);
  });
});

describe('loadKeyRing from the key file', () => {
  it('generates <dataDir>/master.key with mode 0600 on first start, warns to back it up, and reuses it', () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const first = capturingLogger();
    const loaded = loadKeyRing({ dataDir, logger: first.logger, inUse: NOTHING_STORED });
    const file = join(dataDir, 'master.key');
    expect([loaded.source, loaded.generated]).toEqual(['file', true]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = readFileSync(file, 'utf8').trim();
    expect(parseMasterKey(key).kid).toBe(loaded.ring.primary.kid);

    expect(first.lines).toHaveLength(1);
    const line = JSON.parse(first.lines[0] ?? '{}') as { level: number; msg: string };
    expect(line.level).toBe(40);
    expect(line.msg).toMatch(/Back this file up/);
    expect(line.msg).toMatch(/if it is lost, every stored credential becomes unreadable/);
    expect(first.lines.join('')).not.toContain(key);

    const second = capturingLogger();
    const again = loadKeyRing({ dataDir, logger: second.logger, inUse: NOTHING_STORED });
    expect([again.generated, again.ring.primary.kid]).toEqual([false, loaded.ring.primary.kid]);
    expect(second.lines).toHaveLength(0);
    const sealed = seal(loaded.ring, 'x', connectionAad('ws', 'c'));
    expect(open(again.ring, sealed, connectionAad('ws', 'c'))).toBe('x');
  });

  it('refuses an empty key file rather than generating over it', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'master.key'), '\n', { mode: 0o600 });
    expect(() => loadKeyRing({ dataDir, logger: createLogger({ level: 'silent' }) })).toThrow(/holds no master key: restore .*master\.key from your backup/);
    expect(readFileSync(join(dataDir, 'master.key'), 'utf8')).toBe('\n');
  });

  it('names the bad line of a key file without quoting it', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'master.key'), `${generateMasterKey()}\nsecret-looking-junk\n`, { mode: 0o600 });
    const attempt = () => loadKeyRing({ dataDir, logger: createLogger({ level: 'silent' }) });
    expect(attempt).toThrow(/Line 2 of .*master\.key is not 32 bytes in base64/);
    expect(attempt).not.toThrow(/secret-looking-junk/);
  });

  it('warns when the key file is readable by others', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'master.key'), `${generateMasterKey()}\n`);
    chmodSync(join(dataDir, 'master.key'), 0o644);
    const { lines, logger } = capturingLogger();
    loadKeyRing({ dataDir, logger });
    expect(lines.join('')).toMatch(/chmod 600/);
  });

  it('agrees on one key when several processes start at once', async () => {
    const dataDir = join(tempDir(), 'data');
    const outputs = await Promise.all(
      Array.from({ length: 4 }, () =>
        inOtherProcess(tempDir(), `const r = loadKeyRing({ dataDir: ${JSON.stringify(dataDir)}, logger: { warn() {} }, inUse: new Map() });\nconsole.log(r.ring.primary.kid + ' ' + r.generated);`),
      ),
    );
    const kids = new Set(outputs.map((o) => o.split(' ')[0]));
    expect(kids.size).toBe(1);
    expect(outputs.filter((o) => o.endsWith('true'))).toHaveLength(1);
    expect(readFileSync(join(dataDir, 'master.key'), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('learns a key added to the file by another process through reload()', async () => {
    const dataDir = tempDir();
    const { ring } = loadKeyRing({ dataDir, logger: createLogger({ level: 'silent' }), inUse: NOTHING_STORED });
    const originalPrimary = ring.primary.kid;
    expect(ring.reload()).toBe(false);

    // Another process generates a key and appends it: this ring does not have it yet.
    const file = join(dataDir, 'master.key');
    const added = generateMasterKey();
    await inOtherProcess(tempDir(), `appendFileSync(${JSON.stringify(file)}, ${JSON.stringify(`${added}\n`)});`);
    const addedKid = parseMasterKey(added).kid;
    expect(ring.get(addedKid)).toBeUndefined();

    // A row sealed by that process opens here: open() reloads once on an unknown kid.
    const aad = connectionAad('ws', 'conn');
    const sealed = seal(newRing(added), 'from the other process', aad);
    expect(open(ring, sealed, aad)).toBe('from the other process');
    expect(ring.get(addedKid)).toBeDefined();
    expect(ring.primary.kid).toBe(originalPrimary);
    expect(ring.reload()).toBe(false);
  });

  it('adopts the file’s first key as primary on reload, keeping the keys it had', () => {
    const dataDir = tempDir();
    const { ring } = loadKeyRing({ dataDir, logger: createLogger({ level: 'silent' }), inUse: NOTHING_STORED });
    const old = ring.primary.kid;
    const file = join(dataDir, 'master.key');
    const next = generateMasterKey();
    writeFileSync(file, `${next}\n${readFileSync(file, 'utf8')}`);
    expect(ring.reload()).toBe(true);
    expect(ring.kids()).toEqual([parseMasterKey(next).kid, old]);
    appendFileSync(file, 'garbage\n');
    expect(ring.reload()).toBe(false);
    expect(ring.kids()).toEqual([parseMasterKey(next).kid, old]);
  });
});
