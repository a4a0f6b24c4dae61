import { join } from 'node:path';
import { loadConfig } from '@patchbay/core';
import { flag, type Command, type Io } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { everyNth, progressTo } from '../../progress.ts';
import { prependKeyToFile } from './key-file.ts';

/** Progress every this many records (the rotation's batch size): often enough to see it move, rarely enough to read. */
const PROGRESS_EVERY = 100;

export const rotateKeys: Command = {
  path: ['keys', 'rotate'],
  summary: 'Re-wrap every stored data key under a new master key. Safe while servers run.',
  usage: [
    'With the key file (no PATCHBAY_MASTER_KEY): generates a new key, puts it first in <data dir>/master.key',
    '(the old keys stay after it), and re-wraps every record under it. Running servers pick up the new key',
    'from the file.',
    '',
    'With PATCHBAY_MASTER_KEY: put the new key first, the old one after it (PATCHBAY_MASTER_KEY=new,old), restart',
    'the servers with that value, then run this with the same value. Afterwards drop the old key.',
    '',
    '  --no-new-key   key file only: re-wrap under the current first key (finish an interrupted rotation)',
    '  --json         print { "kid", "rewrapped", "retried", "remaining", "keyFile", "addedKey" } as JSON',
    '',
    'On a terminal it shows its progress every 100 records; in a pipe it prints the result only.',
  ].join('\n'),
  options: { 'no-new-key': { type: 'boolean' }, json: { type: 'boolean' } },
  async run(args, io) {
    const config = loadConfig(io.env, io.cwd);
    // Loaded on use: the database drivers take a second to load, which every other command would pay.
    const { createStore } = await import('@patchbay/store');
    const { KEY_FILE_NAME, generateMasterKey, loadKeyRing, rotateMasterKeys } = await import('@patchbay/vault');
    const fileMode = !config.masterKey;
    const keyFile = join(config.dataDir, KEY_FILE_NAME);
    const progress = progressTo(io);
    const addedKey = fileMode && !flag(args, 'no-new-key');
    if (addedKey) {
      await prependKeyToFile(keyFile, generateMasterKey());
      io.err(`Added a new master key at the top of ${keyFile}; the old keys stay below it until nothing uses them.\n`);
    }
    const store = createStore(config.databaseUrl);
    try {
      await store.migrate();
      const { ring } = loadKeyRing({ masterKey: config.masterKey, dataDir: config.dataDir, logger: warnTo(io) });
      progress(`Re-wrapping data keys under ${ring.primary.kid}…`);
      const result = await rotateMasterKeys(store, ring, { onProgress: everyNth(PROGRESS_EVERY, (done, total) => progress(`  ${done}/${total} records`)) });
      if (flag(args, 'json')) {
        io.out(formatJson({ kid: ring.primary.kid, ...result, keyFile: fileMode ? keyFile : null, addedKey }));
        return result.remaining > 0 ? 1 : 0;
      }
      io.out(`Re-wrapped ${result.rewrapped} record(s) under master key ${ring.primary.kid}.\n`);
      if (result.remaining > 0) {
        io.out(
          `${result.remaining} record(s) are still under an older key: a server is still writing with its old key. ` +
            `Restart the servers${fileMode ? '' : ' with the new PATCHBAY_MASTER_KEY'} and run "patchbay keys rotate${fileMode ? ' --no-new-key' : ''}" again.\n`,
        );
        return 1;
      }
      io.out(
        fileMode
          ? `Done. The old keys are no longer used; keep a backup of ${keyFile} (and of the old keys until every server has restarted).\n`
          : `Done. Set PATCHBAY_MASTER_KEY to the first key only (${ring.primary.kid}) and restart the servers; keep a backup of the old key until then.\n`,
      );
      return 0;
    } finally {
      await store.close();
    }
  },
};

function warnTo(io: Io) {
  return { warn: (...args: unknown[]) => io.err(`warning: ${String(args.find((a) => typeof a === 'string') ?? '')}\n`) };
}
