import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfig } from '@patchbay/core';
import { generateMasterKey } from '@patchbay/vault';
import { startPatchbay } from './start.ts';

/**
 * Pinned so that the document's `servers` is the same on every machine and run: the generated client
 * and the drift check compare documents byte for byte, and a random port would differ each time.
 */
const FIXED_PUBLIC_URL = 'http://127.0.0.1:8080';

/**
 * The OpenAPI document exactly as `patchbay serve` serves it at /api/openapi.json: a real server
 * built in-process over a throwaway SQLite data dir, with the repository's connectors (found as at
 * start, so their descriptions are the real ones). Nothing is persisted: the data dir is removed.
 * Used to generate the TypeScript client and to check that the committed one has not drifted.
 */
export async function liveOpenApiDocument(): Promise<unknown> {
  const dataDir = mkdtempSync(join(tmpdir(), 'patchbay-openapi-'));
  try {
    const config = loadConfig(
      { PATCHBAY_DATA_DIR: dataDir, PORT: '0', PATCHBAY_MASTER_KEY: generateMasterKey(), PATCHBAY_PUBLIC_URL: FIXED_PUBLIC_URL },
      dataDir,
    );
    // No workers: nothing should run, and the document does not depend on them.
    const running = await startPatchbay(config, { logger: createLogger({ level: 'silent' }), workers: false });
    try {
      return running.server.swagger();
    } finally {
      await running.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
