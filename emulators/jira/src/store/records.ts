import type { AdfDocument } from '../adf.ts';

/** The in-memory shapes behind the API; the renderers in `render/` turn them into Jira's JSON. */

export interface UserRecord {
  accountId: string;
  email: string;
  displayName: string;
  timeZone: string;
  locale: string;
}

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export interface StatusRecord {
  id: string;
  name: string;
  description: string;
  category: StatusCategoryKey;
}

export interface IssueTypeRecord {
  id: string;
  name: string;
  description: string;
  /** `-1` subtask, `0` standard, `1` epic (§6). */
  hierarchyLevel: number;
  avatarId: number;
}

export interface ProjectRecord {
  id: string;
  key: string;
  name: string;
  description: string;
  projectTypeKey: 'software' | 'business';
  issueTypeIds: string[];
  avatarId: number;
  /** Number of the next issue key (`PB-<n>`): keys count per project, ids across the site. */
  nextNumber: number;
}

export const CUSTOM_FIELD_TYPES = ['textfield', 'textarea', 'select', 'float', 'datepicker', 'labels'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export interface OptionRecord {
  id: string;
  value: string;
}

export interface CustomFieldRecord {
  /** `customfield_10010` */
  id: string;
  /** `10010`: what JQL's `cf[10010]` and `schema.customId` use. */
  numericId: number;
  name: string;
  type: CustomFieldType;
  options: OptionRecord[];
}

/**
 * A custom field value in one canonical form per type: textfield string, textarea ADF, select the
 * option id, float number, datepicker `YYYY-MM-DD`, labels string array.
 */
export type CustomValue = string | number | string[] | AdfDocument;

export interface IssueRecord {
  id: string;
  key: string;
  number: number;
  projectId: string;
  issueTypeId: string;
  statusId: string;
  summary: string;
  description: AdfDocument | null;
  labels: string[];
  assigneeId: string | null;
  reporterId: string;
  created: number;
  updated: number;
  custom: Map<string, CustomValue>;
}

export interface CommentRecord {
  id: string;
  issueId: string;
  body: AdfDocument;
  authorId: string;
  created: number;
  updated: number;
}
