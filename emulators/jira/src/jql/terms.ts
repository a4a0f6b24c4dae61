import type { IssueRecord } from '../store/records.ts';
import type { Operand, Operator, SingleOperand } from './parser.ts';

/**
 * One JQL clause `field op operand`, compiled generically from a `ValueSpec` that says how a field
 * reads an issue and parses a value. Like Jira, `!=`, `NOT IN` and `!~` never match an empty field:
 * `labels != x` leaves out issues without labels.
 */

export interface EvalContext {
  now: number;
  /** `currentUser()` */
  accountId: string;
}

export type Predicate = (issue: IssueRecord) => boolean;
export type SortValue = string | number | undefined;
export type Parsed<T> = { value: T } | { error: string };

export interface ValueSpec<T> {
  /** The field as the query named it: Jira's messages repeat the user's spelling. */
  name: string;
  operators: readonly Operator[];
  /** The issue's values; none means EMPTY. */
  read(issue: IssueRecord): T[];
  parse(operand: SingleOperand, context: EvalContext): Parsed<T>;
  equals(a: T, b: T): boolean;
  /** For `< <= > >=`; NaN when the two are not comparable (keys of different projects). */
  compare?(a: T, b: T): number;
  /** For `~`. */
  contains?(value: T, query: string): boolean;
  sortValue?(issue: IssueRecord): SortValue;
}

export interface JqlField {
  compile(operator: Operator, operand: Operand, context: EvalContext, errors: string[]): Predicate;
  sortValue: ((issue: IssueRecord) => SortValue) | undefined;
}

export const ID_OPERATORS: readonly Operator[] = ['=', '!=', 'in', 'not in', 'is', 'is not'];
export const ORDERED_OPERATORS: readonly Operator[] = [...ID_OPERATORS, '>', '>=', '<', '<='];
export const TEXT_OPERATORS: readonly Operator[] = ['~', '!~', 'is', 'is not'];

const NEVER: Predicate = () => false;

export function makeField<T>(spec: ValueSpec<T>): JqlField {
  return {
    compile: (operator, operand, context, errors) => compileTerm(spec, operator, operand, context, errors),
    sortValue: spec.sortValue,
  };
}

function operandText(operand: Operand): string {
  if (operand.kind === 'value') return operand.quoted ? `"${operand.text}"` : operand.text;
  if (operand.kind === 'function') return `${operand.name}(${operand.args.join(', ')})`;
  if (operand.kind === 'list') return `(${operand.values.map(operandText).join(', ')})`;
  return 'EMPTY';
}

function compileTerm<T>(spec: ValueSpec<T>, operator: Operator, operand: Operand, context: EvalContext, errors: string[]): Predicate {
  if (!spec.operators.includes(operator)) {
    errors.push(`The operator '${operator}' is not supported by the '${spec.name}' field.`);
    return NEVER;
  }
  const isEmpty: Predicate = (issue) => spec.read(issue).length === 0;
  if (operand.kind === 'empty') {
    if (operator === 'is' || operator === '=') return isEmpty;
    if (operator === 'is not' || operator === '!=') return (issue) => !isEmpty(issue);
    errors.push(`The operator '${operator}' does not support searching for EMPTY values for field '${spec.name}'.`);
    return NEVER;
  }
  if (operator === 'is' || operator === 'is not') {
    errors.push(`The operator '${operator}' only supports searching for EMPTY values for field '${spec.name}'.`);
    return NEVER;
  }
  if (operator === 'in' || operator === 'not in') {
    if (operand.kind !== 'list') {
      errors.push(`The operator '${operator}' does not support the non-list value '${operandText(operand)}' for field '${spec.name}'.`);
      return NEVER;
    }
    const targets = parseAll(spec, operand.values, context, errors);
    const hit = (issue: IssueRecord) => spec.read(issue).some((v) => targets.some((t) => spec.equals(v, t)));
    return operator === 'in' ? hit : (issue) => !isEmpty(issue) && !hit(issue);
  }
  if (operand.kind === 'list') {
    errors.push(`The operator '${operator}' does not support the list value '${operandText(operand)}' for field '${spec.name}'.`);
    return NEVER;
  }
  if (operator === '~' || operator === '!~') {
    const query = operand.kind === 'value' ? operand.text : operandText(operand);
    const contains = spec.contains ?? (() => false);
    const hit = (issue: IssueRecord) => spec.read(issue).some((v) => contains(v, query));
    return operator === '~' ? hit : (issue) => !isEmpty(issue) && !hit(issue);
  }
  const [target] = parseAll(spec, [operand], context, errors);
  if (target === undefined) return NEVER;
  const values = (issue: IssueRecord) => spec.read(issue);
  if (operator === '=') return (issue) => values(issue).some((v) => spec.equals(v, target));
  if (operator === '!=') return (issue) => !isEmpty(issue) && !values(issue).some((v) => spec.equals(v, target));
  const compare = spec.compare ?? (() => Number.NaN);
  const test: Record<'>' | '>=' | '<' | '<=', (n: number) => boolean> = { '>': (n) => n > 0, '>=': (n) => n >= 0, '<': (n) => n < 0, '<=': (n) => n <= 0 };
  return (issue) => values(issue).some((v) => test[operator](compare(v, target)));
}

function parseAll<T>(spec: ValueSpec<T>, operands: readonly SingleOperand[], context: EvalContext, errors: string[]): T[] {
  const values: T[] = [];
  for (const operand of operands) {
    const parsed = spec.parse(operand, context);
    if ('error' in parsed) errors.push(parsed.error);
    else values.push(parsed.value);
  }
  return values;
}

/**
 * Jira's text search is word based with stemming; the emulator matches each query word as a
 * case-insensitive prefix of a word of the field (`contact` finds "contacts"), and a quoted phrase
 * as a substring. An approximation, but one that never matches less than Jira would on exact words.
 */
export function textContains(text: string, query: string): boolean {
  const phrase = /^\s*"(.*)"\s*$/.exec(query);
  if (phrase) return text.toLowerCase().includes((phrase[1] ?? '').toLowerCase());
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const terms = query.toLowerCase().split(/[^\p{L}\p{N}*]+/u).map((t) => t.replace(/\*+$/, '')).filter(Boolean);
  return terms.length > 0 && terms.every((term) => words.some((word) => word.startsWith(term)));
}
