import { adfFromText, type AdfDocument } from '../adf.ts';
import type {
  CommentRecord,
  CustomFieldRecord,
  CustomFieldType,
  CustomValue,
  IssueRecord,
  IssueTypeRecord,
  OptionRecord,
  ProjectRecord,
  StatusRecord,
  UserRecord,
} from './records.ts';
import { SEED_ISSUES, SEED_ISSUE_TYPES, SEED_STATUSES, SEED_USERS, seedCustomFields, seedDescription, seedProjects } from './seed.ts';

export interface NewIssue {
  project: ProjectRecord;
  issueTypeId: string;
  summary: string;
  description: AdfDocument | null;
  labels: string[];
  reporterId: string;
  assigneeId: string | null;
  statusId?: string;
  created?: number;
  updated?: number;
  custom: Map<string, CustomValue>;
}

const FIRST_ISSUE_ID = 10000;
const FIRST_COMMENT_ID = 10000;
const FIRST_CUSTOM_FIELD = 10010;
const FIRST_OPTION_ID = 10100;

/** The site's data. `reset()` goes back to the seed; ids restart so a reset site looks like a new one. */
export class JiraStore {
  readonly users: readonly UserRecord[] = SEED_USERS;
  readonly statuses: readonly StatusRecord[] = SEED_STATUSES;
  readonly issueTypes: readonly IssueTypeRecord[] = SEED_ISSUE_TYPES;
  projects: ProjectRecord[] = [];
  customFields: CustomFieldRecord[] = [];
  issues: IssueRecord[] = [];
  comments: CommentRecord[] = [];
  #nextIssueId = FIRST_ISSUE_ID;
  #nextCommentId = FIRST_COMMENT_ID;
  #nextOptionId = FIRST_OPTION_ID;

  constructor(readonly now: () => number = Date.now) {
    this.reset();
  }

  reset(): void {
    const start = this.now();
    this.projects = seedProjects();
    this.customFields = seedCustomFields();
    this.issues = [];
    this.comments = [];
    this.#nextIssueId = FIRST_ISSUE_ID;
    this.#nextCommentId = FIRST_COMMENT_ID;
    this.#nextOptionId = FIRST_OPTION_ID + this.customFields.reduce((n, f) => n + f.options.length, 0);
    for (const seed of SEED_ISSUES) {
      const project = this.project(seed.projectKey);
      if (!project) throw new Error(`seed names unknown project ${seed.projectKey}`);
      const issue = this.insertIssue({
        project,
        issueTypeId: seed.issueTypeId,
        statusId: seed.statusId,
        summary: seed.summary,
        description: seedDescription(seed),
        labels: [...seed.labels],
        reporterId: this.users[0]?.accountId ?? '',
        assigneeId: seed.assigneeId,
        created: start - seed.createdAgo,
        updated: start - seed.updatedAgo,
        custom: new Map(Object.entries(seed.custom)),
      });
      for (const comment of seed.comments) this.insertComment(issue, adfFromText(comment.text), comment.authorId, start - comment.ago);
    }
  }

  user(accountId: string | null): UserRecord | undefined {
    return accountId === null ? undefined : this.users.find((u) => u.accountId === accountId);
  }

  status(id: string): StatusRecord | undefined {
    return this.statuses.find((s) => s.id === id);
  }

  issueType(id: string): IssueTypeRecord | undefined {
    return this.issueTypes.find((t) => t.id === id);
  }

  /** By id or key; keys match case-insensitively, as Jira's lookups do. */
  project(idOrKey: string): ProjectRecord | undefined {
    const wanted = idOrKey.toUpperCase();
    return this.projects.find((p) => p.id === idOrKey || p.key === wanted);
  }

  projectIssueTypes(project: ProjectRecord): IssueTypeRecord[] {
    return project.issueTypeIds.map((id) => this.issueType(id)).filter((t): t is IssueTypeRecord => t !== undefined);
  }

  /** By id or key, keys case-insensitively (GET issue documents a case-insensitive fallback, §9). */
  issue(idOrKey: string): IssueRecord | undefined {
    const wanted = idOrKey.toUpperCase();
    return this.issues.find((i) => i.id === idOrKey || i.key === wanted);
  }

  customField(id: string): CustomFieldRecord | undefined {
    return this.customFields.find((f) => f.id === id);
  }

  issueComments(issue: IssueRecord): CommentRecord[] {
    return this.comments.filter((c) => c.issueId === issue.id);
  }

  insertIssue(input: NewIssue): IssueRecord {
    const created = input.created ?? this.now();
    const number = input.project.nextNumber;
    input.project.nextNumber += 1;
    const issue: IssueRecord = {
      id: String(this.#nextIssueId++),
      key: `${input.project.key}-${number}`,
      number,
      projectId: input.project.id,
      issueTypeId: input.issueTypeId,
      statusId: input.statusId ?? this.statuses[0]?.id ?? '10000',
      summary: input.summary,
      description: input.description,
      labels: input.labels,
      assigneeId: input.assigneeId,
      reporterId: input.reporterId,
      created,
      updated: input.updated ?? created,
      custom: input.custom,
    };
    this.issues.push(issue);
    return issue;
  }

  insertComment(issue: IssueRecord, body: AdfDocument, authorId: string, at: number = this.now()): CommentRecord {
    const comment: CommentRecord = { id: String(this.#nextCommentId++), issueId: issue.id, body, authorId, created: at, updated: at };
    this.comments.push(comment);
    return comment;
  }

  /** The next free `customfield_NNNNN` number. */
  nextCustomFieldNumber(): number {
    return Math.max(FIRST_CUSTOM_FIELD - 10, ...this.customFields.map((f) => f.numericId)) + 10;
  }

  addCustomField(numericId: number, name: string, type: CustomFieldType, optionValues: readonly string[]): CustomFieldRecord {
    const options: OptionRecord[] = optionValues.map((value) => ({ id: String(this.#nextOptionId++), value }));
    const field: CustomFieldRecord = { id: `customfield_${numericId}`, numericId, name, type, options };
    this.customFields.push(field);
    return field;
  }
}
