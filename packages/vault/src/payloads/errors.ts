import { PatchbayError } from '@patchbay/core';

// Server-side faults (500), under the codes of sealed secrets: the client can do nothing about them.
// Messages name the place and key id, never any plaintext.

/** A stored payload encrypted with a payload key this process does not hold. */
export class PayloadUnreadableError extends PatchbayError {
  constructor(keyId: string, place: string) {
    super(
      'secrets_unreadable',
      `The stored job data of ${place} was encrypted with payload key ${keyId}, which this database does not hold (or this process has not loaded: restart it).`,
      { details: { keyId, place } },
    );
  }
}

/** A stored payload that failed authentication: altered in the database, or copied from another job or step. */
export class PayloadTamperedError extends PatchbayError {
  constructor(place: string, cause?: unknown) {
    super(
      'secrets_tampered',
      `The stored job data of ${place} failed its integrity check: it was altered in the database, or copied from another job or step.`,
      { details: { place }, cause },
    );
  }
}
