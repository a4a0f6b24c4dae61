import { randomBytes } from 'node:crypto';

// Random bytes are drawn from the CSPRNG in 4 KiB blocks (as Node's randomUUID does): one system
// call per ~250 ids instead of one per id, which shows on hot paths such as webhook jobs.
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

function random(bytes: number): Buffer {
  if (offset + bytes > pool.length) {
    pool = randomBytes(Math.max(POOL_SIZE, bytes));
    offset = 0;
  }
  const out = pool.subarray(offset, offset + bytes);
  offset += bytes;
  return out;
}

/** Random, URL-safe ids with a type prefix (`conn_…`), so an id in a log says what it is. */
export function newId(prefix: string, bytes = 16): string {
  return `${prefix}_${random(bytes).toString('base64url')}`;
}

/** An unguessable token (OAuth `state`, webhook URLs, API tokens): 32 random bytes. */
export function newToken(prefix?: string): string {
  const value = random(32).toString('base64url');
  return prefix ? `${prefix}_${value}` : value;
}

/**
 * An id that sorts by creation time (a fixed-width base-36 millisecond timestamp, then randomness).
 * For rows written at a high rate (jobs): new keys land at the end of the primary-key index instead
 * of on a random page, so each commit writes a few pages rather than one per row.
 */
export function newSortableId(prefix: string, now: number = Date.now()): string {
  return `${prefix}_${now.toString(36).padStart(9, '0')}${random(12).toString('base64url')}`;
}
