import { randomBytes } from 'node:crypto';
import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { CliError } from '../../command.ts';

/**
 * Puts `key` first in the key file, keeping the others after it (they still open records not yet
 * re-wrapped). Written to a temporary file and renamed into place, so a server re-reading the file
 * mid-rotation sees either the old or the new file, never half of one.
 */
export async function prependKeyToFile(file: string, key: string): Promise<void> {
  let current: string;
  try {
    current = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT'
        ? `there is no master key file at ${file}: start the server once to create it, or set PATCHBAY_MASTER_KEY (and PATCHBAY_DATA_DIR if the data is elsewhere).`
        : `cannot read ${file} (${code ?? 'error'}).`,
      2,
    );
  }
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, `${key}\n${current.endsWith('\n') || current === '' ? current : `${current}\n`}`, { mode: 0o600, flag: 'wx' });
    await chmod(tmp, 0o600);
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
}
