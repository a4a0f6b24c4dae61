import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from './store.ts';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('the SQLite files are private to their owner', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the directory 0700 and the database, its log and shared memory 0600, whatever the umask', async () => {
    const root = mkdtempSync(join(tmpdir(), 'patchbay-modes-'));
    dirs.push(root);
    const file = join(root, 'data', 'patchbay.db');
    const previous = process.umask(0o022);
    try {
      const store = createStore(`sqlite:${file}`);
      await store.migrate();
      expect(modeOf(join(root, 'data'))).toBe(0o700);
      for (const path of [file, `${file}-wal`, `${file}-shm`]) {
        expect(existsSync(path), path).toBe(true);
        expect(modeOf(path), path).toBe(0o600);
      }
      await store.close();
    } finally {
      process.umask(previous);
    }
  });

  it('narrows the files of an older install', async () => {
    const root = mkdtempSync(join(tmpdir(), 'patchbay-modes-'));
    dirs.push(root);
    const file = join(root, 'patchbay.db');
    const first = createStore(`sqlite:${file}`);
    await first.migrate();
    await first.close();
    chmodSync(file, 0o644);
    writeFileSync(`${file}-journal`, '');
    chmodSync(`${file}-journal`, 0o644);
    const store = createStore(`sqlite:${file}`);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(`${file}-journal`)).toBe(0o600);
    await store.close();
  });
});
