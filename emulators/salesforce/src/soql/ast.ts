import type { Position } from './soql-error.ts';

/**
 * The SOQL subset the emulator understands:
 * `SELECT f1, Parent.f2 | COUNT() FROM Obj [WHERE cond] [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], …]
 * [LIMIT n] [OFFSET n]`.
 */
export interface FieldRef extends Position {
  /** As written: `Account.Name`. */
  text: string;
  /** Split on dots: `['Account', 'Name']`. */
  path: string[];
}

/** Relative date literals (§19): a day range computed when the query runs. */
export type RelativeDateName = 'TODAY' | 'YESTERDAY' | 'TOMORROW' | 'LAST_N_DAYS' | 'NEXT_N_DAYS';

export type Literal = Position &
  (
    | { kind: 'string'; value: string }
    | { kind: 'number'; value: number }
    | { kind: 'boolean'; value: boolean }
    | { kind: 'null' }
    /** `yyyy-MM-dd` */
    | { kind: 'date'; value: string }
    /** Epoch milliseconds. */
    | { kind: 'datetime'; value: number }
    | { kind: 'relative'; name: RelativeDateName; days: number }
  );

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE';

export type Condition =
  | { kind: 'and' | 'or'; operands: Condition[] }
  | { kind: 'not'; operand: Condition }
  | { kind: 'compare'; field: FieldRef; operator: ComparisonOperator; value: Literal }
  | { kind: 'in'; field: FieldRef; negated: boolean; values: Literal[] };

export interface OrderItem {
  field: FieldRef;
  descending: boolean;
  nullsLast: boolean;
}

export interface SoqlQuery {
  /** Empty for `SELECT COUNT()`. */
  fields: FieldRef[];
  count: boolean;
  from: Position & { name: string };
  where?: Condition;
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
}
