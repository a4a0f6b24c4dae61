import { nextChangeSecond } from '../clock.ts';
import { FIRST_RECORD_ID, IdSequence } from '../ids.ts';
import type { OrganizationFieldRecord, OrganizationRecord, TicketFieldRecord, TicketRecord, UserRecord } from './types.ts';

/** Zendesk compares names and emails without case and, for names, without surrounding spaces (§5). */
export const normalizeName = (name: string) => name.trim().toLowerCase();

/** The in-memory account: every collection the API and the control endpoints read and write. */
export class ZendeskStore {
  readonly ids = new IdSequence(FIRST_RECORD_ID);
  readonly ticketNumbers = new IdSequence(1);
  readonly users = new Map<number, UserRecord>();
  readonly organizations = new Map<number, OrganizationRecord>();
  readonly tickets = new Map<number, TicketRecord>();
  readonly organizationFields: OrganizationFieldRecord[] = [];
  readonly ticketFields: TicketFieldRecord[] = [];
  #lastGeneratedTimestamp = 0;
  #changeSequence = 0;

  clear(): void {
    this.ids.reset();
    this.ticketNumbers.reset();
    this.users.clear();
    this.organizations.clear();
    this.tickets.clear();
    this.organizationFields.length = 0;
    this.ticketFields.length = 0;
    this.#lastGeneratedTimestamp = 0;
    this.#changeSequence = 0;
  }

  userByEmail(email: string): UserRecord | undefined {
    const wanted = normalizeName(email);
    for (const user of this.users.values()) if (user.email.toLowerCase() === wanted) return user;
    return undefined;
  }

  organizationByName(name: string): OrganizationRecord | undefined {
    const wanted = normalizeName(name);
    for (const org of this.organizations.values()) if (normalizeName(org.name) === wanted) return org;
    return undefined;
  }

  organizationByExternalId(externalId: string): OrganizationRecord | undefined {
    const wanted = externalId.toLowerCase();
    for (const org of this.organizations.values()) if (org.externalId?.toLowerCase() === wanted) return org;
    return undefined;
  }

  customTicketFields(): TicketFieldRecord[] {
    return this.ticketFields.filter((field) => !field.system);
  }

  /**
   * Stamps a ticket change for the incremental export (§11), which pages by
   * (`generated_timestamp`, tie-break) and must never hand out a position that a later change
   * could land behind. So `generated_timestamp` never goes backwards across the account (a
   * ticket's own timestamp may run ahead by `nextChangeSecond`, and a change to another ticket
   * made in that same real second must still sort after it), and a global sequence breaks ties
   * inside one second. Zendesk breaks ties by ticket id, which is safe there only because the
   * newest minute is never exported; with the lag set to 0 for tests, it would not be.
   */
  stampTicket(ticket: Pick<TicketRecord, 'updatedAt' | 'generatedTimestamp' | 'changeSequence'>, at?: number): void {
    const second = at ?? Math.max(nextChangeSecond(ticket.generatedTimestamp || undefined), this.#lastGeneratedTimestamp);
    this.#lastGeneratedTimestamp = Math.max(this.#lastGeneratedTimestamp, second);
    this.#changeSequence += 1;
    ticket.updatedAt = second;
    ticket.generatedTimestamp = second;
    ticket.changeSequence = this.#changeSequence;
  }
}
