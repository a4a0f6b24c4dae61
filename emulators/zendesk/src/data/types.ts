/**
 * What the emulator stores. Timestamps are Unix seconds; the API shapes (with `url`, ISO dates and
 * every documented key) are built from these in `serialize.ts`, per request, because `url` depends
 * on the origin the client used.
 */
export type UserRole = 'admin' | 'agent' | 'end-user';

export interface UserRecord {
  id: number;
  name: string;
  email: string;
  role: UserRole;
  organizationId: number | null;
  externalId: string | null;
  tags: string[];
  createdAt: number;
  updatedAt: number;
}

export interface OrganizationRecord {
  id: number;
  name: string;
  externalId: string | null;
  details: string | null;
  notes: string | null;
  domainNames: string[];
  groupId: number | null;
  tags: string[];
  sharedTickets: boolean;
  sharedComments: boolean;
  /** Custom values keyed by organization field `key` (§5). */
  fields: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface FieldOption {
  id: number;
  name: string;
  value: string;
}

export const ORGANIZATION_FIELD_TYPES = ['text', 'textarea', 'checkbox', 'date', 'integer', 'decimal', 'regexp', 'dropdown', 'multiselect', 'lookup'] as const;
export type OrganizationFieldType = (typeof ORGANIZATION_FIELD_TYPES)[number];

export interface OrganizationFieldRecord {
  id: number;
  key: string;
  title: string;
  type: OrganizationFieldType;
  description: string;
  position: number;
  options: FieldOption[];
  createdAt: number;
}

export const SYSTEM_TICKET_FIELD_TYPES = ['subject', 'description', 'status', 'tickettype', 'priority', 'group', 'assignee'] as const;
export const CUSTOM_TICKET_FIELD_TYPES = ['text', 'textarea', 'checkbox', 'date', 'integer', 'decimal', 'regexp', 'tagger', 'multiselect'] as const;
export type TicketFieldType = (typeof SYSTEM_TICKET_FIELD_TYPES)[number] | (typeof CUSTOM_TICKET_FIELD_TYPES)[number];

export interface TicketFieldRecord {
  id: number;
  type: TicketFieldType;
  title: string;
  description: string;
  position: number;
  required: boolean;
  /** System fields cannot be removed and carry `system_field_options` instead of custom ones (§7). */
  system: boolean;
  systemOptions: { name: string; value: string }[];
  options: FieldOption[];
  createdAt: number;
}

export const TICKET_STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TICKET_TYPES = ['question', 'incident', 'problem', 'task'] as const;

export interface CommentRecord {
  id: number;
  auditId: number;
  authorId: number;
  body: string;
  public: boolean;
  createdAt: number;
}

export interface TicketRecord {
  id: number;
  subject: string | null;
  /** The first comment's text (Zendesk derives it; it is not writable). */
  description: string;
  status: TicketStatus;
  priority: string | null;
  type: string | null;
  requesterId: number;
  submitterId: number;
  assigneeId: number | null;
  organizationId: number | null;
  groupId: number | null;
  tags: string[];
  /** Custom ticket field values by field id (§7: custom ticket fields have no key). */
  customFields: Map<number, unknown>;
  externalId: string | null;
  /** `via.channel`: `api` for API writes, `web` for tickets an end user filed (control endpoint). */
  channel: 'api' | 'web';
  comments: CommentRecord[];
  createdAt: number;
  updatedAt: number;
  /** Unix seconds the incremental export compares `start_time` with (§11). */
  generatedTimestamp: number;
  /** Global order of changes: the tie-break inside one second (see `ZendeskStore.stampTicket`). */
  changeSequence: number;
}
