import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newToken, type Logger } from '@patchbay/core';
import type { Store } from '@patchbay/store';
import { countApiTokens, ensureAdminToken } from './tokens.ts';

export const ADMIN_TOKEN_FILE = 'admin-token';

export function adminTokenPath(dataDir: string): string {
  return join(dataDir, ADMIN_TOKEN_FILE);
}

/**
 * At start-up: `PATCHBAY_ADMIN_TOKEN` is ensured when set. Otherwise, on a store with no token at all
 * (a fresh embedded start), one is generated and written to `<dataDir>/admin-token` (mode 0600) so
 * that `npm start` followed by the CLI works without any set-up. The value is never logged.
 */
export async function ensureStartupToken(
  store: Store,
  options: { adminToken: string | undefined; dataDir: string; logger: Logger },
): Promise<{ generatedAt: string | null }> {
  if (options.adminToken) {
    const { created } = await ensureAdminToken(store, options.adminToken);
    if (created) options.logger.info('Created the admin API token given in PATCHBAY_ADMIN_TOKEN.');
    return { generatedAt: null };
  }
  if ((await countApiTokens(store)) > 0) return { generatedAt: null };

  const token = newToken('pb');
  const file = adminTokenPath(options.dataDir);
  await mkdir(options.dataDir, { recursive: true });
  // The file is written before the token is stored: if writing fails, no token exists that nobody knows.
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  await chmod(file, 0o600); // `mode` only applies when the file is created.
  await ensureAdminToken(store, token);
  options.logger.warn(
    { file },
    `No API token existed: generated an admin token and wrote it to ${file} (readable only by you). ` +
      'The patchbay CLI uses it by default; send it as "Authorization: Bearer <token>". Set PATCHBAY_ADMIN_TOKEN to choose your own.',
  );
  return { generatedAt: file };
}
