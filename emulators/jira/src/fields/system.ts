/**
 * The system fields the emulator knows, described once: what `GET /field` lists (§7), what create
 * metadata offers (§8) and whether create/edit may set them (§9).
 */
export interface JsonType {
  type: string;
  items?: string;
  system?: string;
  custom?: string;
  customId?: number;
}

export interface SystemField {
  id: string;
  name: string;
  /** `issuekey` has none in real answers. */
  schema?: JsonType;
  orderable: boolean;
  navigable: boolean;
  searchable: boolean;
  clauseNames: string[];
  /** On the create screen (and so in create metadata) of every issue type. */
  onCreateScreen: boolean;
  /** Settable by `PUT /issue` (project and issue type are moved by other endpoints). */
  editable: boolean;
  required: boolean;
  hasDefaultValue: boolean;
  operations: string[];
}

const field = (f: Partial<SystemField> & Pick<SystemField, 'id' | 'name'>): SystemField => ({
  orderable: true,
  navigable: true,
  searchable: true,
  clauseNames: [f.id],
  onCreateScreen: false,
  editable: false,
  required: false,
  hasDefaultValue: false,
  operations: ['set'],
  ...f,
});

export const SYSTEM_FIELDS: readonly SystemField[] = [
  field({ id: 'summary', name: 'Summary', schema: { type: 'string', system: 'summary' }, onCreateScreen: true, editable: true, required: true }),
  field({ id: 'issuetype', name: 'Issue Type', schema: { type: 'issuetype', system: 'issuetype' }, clauseNames: ['issuetype', 'type'], onCreateScreen: true, required: true, operations: [] }),
  field({ id: 'project', name: 'Project', schema: { type: 'project', system: 'project' }, orderable: false, onCreateScreen: true, required: true }),
  field({ id: 'description', name: 'Description', schema: { type: 'string', system: 'description' }, onCreateScreen: true, editable: true }),
  field({ id: 'reporter', name: 'Reporter', schema: { type: 'user', system: 'reporter' }, onCreateScreen: true, editable: true, required: true, hasDefaultValue: true }),
  field({ id: 'assignee', name: 'Assignee', schema: { type: 'user', system: 'assignee' }, onCreateScreen: true, editable: true }),
  field({ id: 'labels', name: 'Labels', schema: { type: 'array', items: 'string', system: 'labels' }, onCreateScreen: true, editable: true, operations: ['add', 'set', 'remove'] }),
  field({ id: 'status', name: 'Status', schema: { type: 'status', system: 'status' }, orderable: false }),
  field({ id: 'created', name: 'Created', schema: { type: 'datetime', system: 'created' }, orderable: false, clauseNames: ['created', 'createdDate'] }),
  field({ id: 'updated', name: 'Updated', schema: { type: 'datetime', system: 'updated' }, orderable: false, clauseNames: ['updated', 'updatedDate'] }),
  field({ id: 'comment', name: 'Comment', schema: { type: 'comments-page', system: 'comment' }, navigable: false }),
  field({ id: 'issuekey', name: 'Key', orderable: false, searchable: false, clauseNames: ['id', 'issue', 'issuekey', 'key'] }),
];

export function systemField(id: string): SystemField | undefined {
  return SYSTEM_FIELDS.find((f) => f.id === id);
}
