import type { IssueRecord } from '../store/records.ts';
import type { JiraStore } from '../store/store.ts';
import { JqlError } from './errors.ts';
import { resolveField } from './fields.ts';
import { type Clause, parseJql } from './parser.ts';
import type { EvalContext, Predicate, SortValue } from './terms.ts';

export interface CompiledJql {
  /** A query with a restriction: `/search/jql` refuses the others (§10). */
  bounded: boolean;
  matches: Predicate;
  compare(a: IssueRecord, b: IssueRecord): number;
}

const unknownField = (name: string) => `Field '${name}' does not exist or you do not have permission to view it.`;

/** Parses and checks a query; throws `JqlError` with every problem found, as Jira lists them all. */
export function compileJql(store: JiraStore, jql: string, context: EvalContext): CompiledJql {
  const query = parseJql(jql);
  const errors: string[] = [];
  const matches = query.where ? compileClause(store, query.where, context, errors) : () => true;
  const sorters = query.orderBy.map(({ field, direction }) => {
    const resolved = resolveField(store, field);
    if (!resolved) errors.push(unknownField(field));
    else if (!resolved.sortValue) errors.push(`Field '${field}' does not support sorting.`);
    return { read: resolved?.sortValue ?? (() => undefined), descending: direction === 'DESC' };
  });
  if (errors.length > 0) throw new JqlError(errors);
  return {
    bounded: query.where !== undefined,
    matches,
    compare: sorters.length > 0 ? byKeys(sorters) : newestFirst,
  };
}

function compileClause(store: JiraStore, clause: Clause, context: EvalContext, errors: string[]): Predicate {
  switch (clause.kind) {
    case 'and': {
      const parts = clause.clauses.map((c) => compileClause(store, c, context, errors));
      return (issue) => parts.every((p) => p(issue));
    }
    case 'or': {
      const parts = clause.clauses.map((c) => compileClause(store, c, context, errors));
      return (issue) => parts.some((p) => p(issue));
    }
    case 'not': {
      const inner = compileClause(store, clause.clause, context, errors);
      return (issue) => !inner(issue);
    }
    case 'term': {
      const field = resolveField(store, clause.field);
      if (!field) {
        errors.push(unknownField(clause.field));
        return () => false;
      }
      return field.compile(clause.operator, clause.operand, context, errors);
    }
  }
}

/**
 * UNCERTAIN: the order of a query without ORDER BY is not documented; newest first (then highest
 * id) is what Jira's issue navigator shows and it keeps pages stable.
 */
function newestFirst(a: IssueRecord, b: IssueRecord): number {
  return b.created - a.created || Number(b.id) - Number(a.id);
}

/** Empty values sort after every value ascending, so before them descending (UNCERTAIN). */
function byKeys(sorters: { read: (issue: IssueRecord) => SortValue; descending: boolean }[]) {
  return (a: IssueRecord, b: IssueRecord): number => {
    for (const { read, descending } of sorters) {
      const order = compareValues(read(a), read(b));
      if (order !== 0) return descending ? -order : order;
    }
    return Number(a.id) - Number(b.id);
  };
}

function compareValues(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}
