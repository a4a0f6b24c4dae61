/**
 * Record ids. Zendesk ids of users, organizations, fields, audits and comments are integers above
 * 2^31 and below 2^53 (§1; e.g. 19442893058196 in the node-zendesk recordings), so a client that
 * stores them in 32-bit integers breaks here as it would in production. Tickets are different:
 * they carry the account's sequential ticket number (1, 2, 3 …; NANGO-T create-ticket.json has
 * `id: 37`, GOZ POST/ticket.json `id: 4`), so they get their own counter.
 */
export const FIRST_RECORD_ID = 19_442_893_058_196;

export class IdSequence {
  #next: number;

  constructor(readonly first: number) {
    this.#next = first;
  }

  next(): number {
    const id = this.#next;
    this.#next += 1;
    return id;
  }

  /** Back to the first id: after a reset the seeded records get the same ids as at start. */
  reset(): void {
    this.#next = this.first;
  }
}
