import { adfFromText } from '../adf.ts';
import { DEMO_USER } from '../config.ts';
import type { CustomFieldRecord, CustomValue, IssueTypeRecord, ProjectRecord, StatusRecord, UserRecord } from './records.ts';

/**
 * The seeded site: two projects (`PB` software with Epic/Task/Bug, `OPS` business with Task only),
 * two custom fields and five issues. Everything is fixed except timestamps, which are relative to
 * the start so that JQL like `updated >= -7d` finds something in a demo.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const SEED_USERS: readonly UserRecord[] = [
  { accountId: DEMO_USER.accountId, email: DEMO_USER.email, displayName: DEMO_USER.displayName, timeZone: DEMO_USER.timeZone, locale: DEMO_USER.locale },
  { accountId: '712020:4f0c2a77-8e0b-4d38-9a51-6c3e1b2d7f90', email: 'maya.lindqvist@patchbay-demo.example', displayName: 'Maya Lindqvist', timeZone: 'UTC', locale: 'en_US' },
];

export const SEED_STATUSES: readonly StatusRecord[] = [
  { id: '10000', name: 'To Do', description: '', category: 'new' },
  { id: '10001', name: 'In Progress', description: 'This work item is being actively worked on at the moment by the assignee.', category: 'indeterminate' },
  { id: '10002', name: 'Done', description: '', category: 'done' },
];

export const SEED_ISSUE_TYPES: readonly IssueTypeRecord[] = [
  { id: '10000', name: 'Epic', description: 'Epics track collections of related bugs, stories, and tasks.', hierarchyLevel: 1, avatarId: 10307 },
  { id: '10001', name: 'Task', description: 'Tasks track small, distinct pieces of work.', hierarchyLevel: 0, avatarId: 10318 },
  { id: '10002', name: 'Bug', description: 'Bugs track problems or errors.', hierarchyLevel: 0, avatarId: 10303 },
];

export function seedProjects(): ProjectRecord[] {
  return [
    { id: '10000', key: 'PB', name: 'Patchbay Demo', description: 'Work that the Patchbay demo recipes create and update.', projectTypeKey: 'software', issueTypeIds: ['10000', '10001', '10002'], avatarId: 10409, nextNumber: 1 },
    { id: '10001', key: 'OPS', name: 'Operations', description: 'Operational chores of the demo team.', projectTypeKey: 'business', issueTypeIds: ['10001'], avatarId: 10411, nextNumber: 1 },
  ];
}

export function seedCustomFields(): CustomFieldRecord[] {
  return [
    { id: 'customfield_10010', numericId: 10010, name: 'Salesforce case', type: 'textfield', options: [] },
    {
      id: 'customfield_10020',
      numericId: 10020,
      name: 'Severity',
      type: 'select',
      options: [
        { id: '10100', value: 'Low' },
        { id: '10101', value: 'Medium' },
        { id: '10102', value: 'High' },
        { id: '10103', value: 'Critical' },
      ],
    },
  ];
}

export interface SeedIssue {
  projectKey: string;
  issueTypeId: string;
  statusId: string;
  summary: string;
  description?: string;
  labels: string[];
  assigneeId: string | null;
  createdAgo: number;
  updatedAgo: number;
  custom: Record<string, CustomValue>;
  comments: { text: string; authorId: string; ago: number }[];
}

const maya = SEED_USERS[1]?.accountId ?? DEMO_USER.accountId;

export const SEED_ISSUES: readonly SeedIssue[] = [
  {
    projectKey: 'PB', issueTypeId: '10001', statusId: '10002', summary: 'Sync closed-won opportunities to Jira',
    description: 'Every closed-won opportunity in Salesforce should open an onboarding task here.',
    labels: ['salesforce', 'sync'], assigneeId: DEMO_USER.accountId, createdAgo: 30 * DAY, updatedAgo: 20 * DAY,
    custom: { customfield_10010: '00001026', customfield_10020: '10101' }, comments: [],
  },
  {
    projectKey: 'PB', issueTypeId: '10002', statusId: '10001', summary: 'Duplicate contacts after re-running the import',
    description: 'Running the contact import twice creates a second copy of each contact.\nSeen on the staging org.',
    labels: ['bug-bash'], assigneeId: maya, createdAgo: 12 * DAY, updatedAgo: 2 * DAY,
    custom: { customfield_10010: '00001031', customfield_10020: '10102' },
    comments: [{ text: 'Reproduced with the March export; the dedupe key ignores e-mail case.', authorId: maya, ago: 2 * DAY }],
  },
  {
    projectKey: 'PB', issueTypeId: '10001', statusId: '10000', summary: 'Document the Zendesk ticket mapping',
    labels: [], assigneeId: null, createdAgo: 5 * DAY, updatedAgo: 5 * DAY, custom: {}, comments: [],
  },
  {
    projectKey: 'OPS', issueTypeId: '10001', statusId: '10000', summary: 'Rotate the staging API credentials',
    description: 'Quarterly rotation of every API credential used by staging.',
    labels: ['security'], assigneeId: DEMO_USER.accountId, createdAgo: 9 * DAY, updatedAgo: 1 * DAY,
    custom: { customfield_10020: '10103' }, comments: [],
  },
  {
    projectKey: 'OPS', issueTypeId: '10001', statusId: '10002', summary: 'Review the on-call handover checklist',
    labels: ['on-call'], assigneeId: maya, createdAgo: 3 * DAY, updatedAgo: 3 * HOUR, custom: {}, comments: [],
  },
];

export function seedDescription(issue: SeedIssue) {
  return issue.description === undefined ? null : adfFromText(issue.description);
}
