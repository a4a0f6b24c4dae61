import { describe, expect, it } from 'vitest';
import { DEMO_USER } from '../config.ts';
import { JiraStore } from '../store/store.ts';
import { compileJql } from './compile.ts';
import { parseJqlDate } from './dates.ts';
import { JqlError } from './errors.ts';

/** The JQL subset on the seeded store, with a fixed clock so relative dates are exact. */

const NOW = Date.UTC(2025, 0, 20, 12, 0);
const DAY = 86_400_000;

function keys(jql: string, store = new JiraStore(() => NOW)): string[] {
  const compiled = compileJql(store, jql, { now: NOW, accountId: DEMO_USER.accountId });
  return store.issues.filter(compiled.matches).sort((a, b) => compiled.compare(a, b)).map((i) => i.key);
}

function errorsOf(jql: string): string[] {
  try {
    compileJql(new JiraStore(() => NOW), jql, { now: NOW, accountId: DEMO_USER.accountId });
  } catch (err) {
    if (err instanceof JqlError) return err.messages;
    throw err;
  }
  throw new Error(`expected ${jql} to be refused`);
}

describe('JQL matching', () => {
  it('combines AND, OR, NOT and parentheses with AND binding tighter', () => {
    expect(keys('project = OPS OR project = PB AND status = Done ORDER BY key')).toEqual(['OPS-1', 'OPS-2', 'PB-1']);
    expect(keys('(project = OPS OR project = PB) AND status = Done ORDER BY key')).toEqual(['OPS-2', 'PB-1']);
    expect(keys('project = PB AND NOT status = Done ORDER BY key')).toEqual(['PB-2', 'PB-3']);
    expect(keys('project = PB && !(status = Done) ORDER BY key')).toEqual(['PB-2', 'PB-3']);
  });

  it('handles IN, NOT IN and leaves empty fields out of != and NOT IN', () => {
    expect(keys('key in (PB-1, ops-2) ORDER BY key DESC')).toEqual(['PB-1', 'OPS-2']);
    expect(keys('labels != sync AND project = PB ORDER BY key')).toEqual(['PB-2']);
    expect(keys('Severity not in (Critical) ORDER BY key')).toEqual(['PB-1', 'PB-2']);
    expect(keys('labels is EMPTY')).toEqual(['PB-3']);
    expect(keys('assignee = currentUser() ORDER BY key')).toEqual(['OPS-1', 'PB-1']);
    expect(keys('key > PB-1 ORDER BY key')).toEqual(['PB-2', 'PB-3']);
  });

  it('compares dates in the formats Jira accepts, relative periods included', () => {
    const store = new JiraStore(() => NOW);
    expect(keys('created >= -6d ORDER BY created', store)).toEqual(['PB-3', 'OPS-2']);
    expect(keys('updated < "2025-01-16" ORDER BY key', store)).toEqual(['PB-1', 'PB-3']);
    expect(keys('updated >= "2025/01/18 12:00" ORDER BY key', store)).toEqual(['OPS-1', 'OPS-2', 'PB-2']);
    expect(keys(`created <= ${NOW - 29 * DAY}`, store)).toEqual(['PB-1']);
    expect(keys('updated > startOfDay()', store)).toEqual(['OPS-2']);
  });

  it('searches text by words, and custom fields by cf[id] or name', () => {
    expect(keys('summary ~ "contact"')).toEqual(['PB-2']);
    expect(keys('description ~ staging ORDER BY key')).toEqual(['OPS-1', 'PB-2']);
    expect(keys('text ~ "dedupe"')).toEqual(['PB-2']);
    expect(keys('cf[10010] ~ "00001026"')).toEqual(['PB-1']);
    expect(keys('"Salesforce case" is not EMPTY ORDER BY key')).toEqual(['PB-1', 'PB-2']);
  });

  it('orders by several keys, empties last when ascending', () => {
    expect(keys('project = PB ORDER BY Severity ASC, key DESC')).toEqual(['PB-1', 'PB-2', 'PB-3']);
    expect(keys('project = PB ORDER BY Severity DESC')).toEqual(['PB-3', 'PB-2', 'PB-1']);
    expect(keys('project in (PB, OPS)')).toEqual(['OPS-2', 'PB-3', 'OPS-1', 'PB-2', 'PB-1']);
  });

  it('knows an empty query and ORDER BY alone are unbounded', () => {
    const store = new JiraStore(() => NOW);
    const context = { now: NOW, accountId: DEMO_USER.accountId };
    expect(compileJql(store, '', context).bounded).toBe(false);
    expect(compileJql(store, 'ORDER BY created DESC', context).bounded).toBe(false);
    expect(compileJql(store, 'created <= now() ORDER BY created DESC', context).bounded).toBe(true);
  });
});

describe('JQL errors', () => {
  it('reports syntax errors with Jira\'s position', () => {
    expect(errorsOf('project = PB status = Done')).toEqual(["Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'status'. (line 1, character 14)"]);
    expect(errorsOf('summary ~ "unfinished')).toEqual(["Error in the JQL Query: The quoted string 'unfinished' has not been completed. (line 1, character 11)"]);
    expect(errorsOf('project PB')).toEqual([
      "Error in the JQL Query: Expecting operator but got 'PB'. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'. (line 1, character 9)",
    ]);
    expect(errorsOf('project = AND')).toEqual([
      "Error in the JQL Query: Expecting either a value, list or function but got 'AND'. You must surround 'AND' in quotation marks to use it as a value. (line 1, character 11)",
    ]);
  });

  it('lists every unknown field, value and unsupported operator', () => {
    expect(errorsOf('priority = High AND project = NOPE AND summary = x')).toEqual([
      "Field 'priority' does not exist or you do not have permission to view it.",
      "The value 'NOPE' does not exist for the field 'project'.",
      "The operator '=' is not supported by the 'summary' field.",
    ]);
    expect(errorsOf('created > "yesterday"')).toEqual([
      "Date value 'yesterday' for field 'created' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.",
    ]);
    expect(errorsOf('key = PB-42')).toEqual(["An issue with key 'PB-42' does not exist for field 'key'."]);
    expect(errorsOf('Severity = Urgent')).toEqual(["The option 'Urgent' for field 'Severity' does not exist."]);
    expect(errorsOf('project in PB')).toEqual(["The operator 'in' does not support the non-list value 'PB' for field 'project'."]);
  });
});

describe('JQL dates', () => {
  it('parses absolute, relative and epoch forms at minute precision, in UTC', () => {
    expect(parseJqlDate('2025-01-10 15:37', NOW)).toBe(Date.UTC(2025, 0, 10, 15, 37));
    expect(parseJqlDate('2025/01/10', NOW)).toBe(Date.UTC(2025, 0, 10));
    expect(parseJqlDate('-15m', NOW)).toBe(NOW - 15 * 60_000);
    expect(parseJqlDate('4w 2d', NOW)).toBe(NOW + 30 * DAY);
    expect(parseJqlDate('1736523472096', NOW)).toBe(1736523472096);
    expect(parseJqlDate('2025-02-30', NOW)).toBeUndefined();
    expect(parseJqlDate('2025-01-10T15:37', NOW)).toBeUndefined();
  });
});
