import { randomBytes } from 'node:crypto';

/** Random, URL-safe ids with a type prefix (`conn_…`), so an id in a log says what it is. */
export function newId(prefix: string, bytes = 16): string {
  return `${prefix}_${randomBytes(bytes).toString('base64url')}`;
}

/** An unguessable token (OAuth `state`, webhook URLs, API tokens): 32 random bytes. */
export function newToken(prefix?: string): string {
  const value = randomBytes(32).toString('base64url');
  return prefix ? `${prefix}_${value}` : value;
}
