import { PatchbayError } from '@patchbay/core';
import type { KeyRing } from './keyring.ts';

// All of these are server-side faults (status 500): the client did nothing wrong and cannot fix them.
// Messages name key ids (derived from an HMAC, safe to show) and never key bytes or plaintext.

/** What an operator does about a key this server lacks; worded for where the ring came from. */
export function missingKeyAdvice(ring: KeyRing | undefined): string {
  const file = ring?.file;
  return file
    ? `add that key as a line of ${file} (or set PATCHBAY_MASTER_KEY to the keys, comma-separated, primary first)`
    : 'set PATCHBAY_MASTER_KEY to that key (or add it after a comma)';
}

/** Sealed secrets that this server cannot decrypt: their master key is missing, or their format is newer. */
export class SecretsUnreadableError extends PatchbayError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('secrets_unreadable', 500, message, { details });
  }

  static missingKey(kid: string, ring: KeyRing): SecretsUnreadableError {
    return new SecretsUnreadableError(
      `The stored secrets were encrypted with master key ${kid} which this server does not have: ${missingKeyAdvice(ring)}, then restart.`,
      { keyId: kid, available: ring.kids() },
    );
  }
}

/** Sealed secrets that failed authentication: altered in the database, or copied from another record. */
export class SecretsTamperedError extends PatchbayError {
  constructor(details?: Record<string, unknown>, cause?: unknown) {
    super(
      'secrets_tampered',
      500,
      'The stored secrets of this record failed their integrity check: the record was altered, or copied from another record. ' +
        'Restore it from a backup, or enter its credentials again.',
      { details, cause },
    );
  }
}

/** Start-up refused: stored rows need a master key that was not supplied, or a supplied key is not the stored one. */
export class WrongMasterKeyError extends PatchbayError {
  constructor(message: string, details: Record<string, unknown>) {
    super('wrong_master_key', 500, message, { details });
  }
}

/** A master key that is not 32 bytes of base64 (in the key file or PATCHBAY_MASTER_KEY). */
export class InvalidMasterKeyError extends PatchbayError {
  constructor(message: string) {
    super('invalid_master_key', 500, message);
  }
}
