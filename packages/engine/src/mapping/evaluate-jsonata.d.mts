// Types of evaluate-jsonata.mjs (plain JavaScript, so that the expression process can load it).

/** One evaluation: structured-clone data, sent to the expression process as it is. */
export interface ExpressionTask {
  /** The JSONata text between `{{` and `}}`. */
  source: string;
  /** What `$` is: `{ trigger, steps, item?, index?, error? }`. */
  scope: unknown;
  /** JSONata's own time limit (checked between evaluation steps). */
  timeoutMs: number;
  /** JSONata's nesting limit. */
  maxDepth: number;
}

/** What JSONata threw, reduced to the fields errors.ts reads. */
export interface FailureData {
  code?: string;
  position?: number;
  message?: string;
  error?: FailureData;
}

/**
 * How one evaluation ended: a plain JSON value (`undefined` when the expression gave nothing), a
 * JSONata failure, or a function as the result. The pool adds its own (`PoolOutcome`: a limit hit).
 */
export type ExpressionOutcome = { value: unknown } | { failure: FailureData } | { notData: true };

/** Evaluates one expression where it is called: in a process of the pool, or inline (a baseline). */
declare function evaluateExpression(task: ExpressionTask): Promise<ExpressionOutcome>;
export default evaluateExpression;

/** Marks a value that is not data (a function). */
export declare const NOT_DATA: unique symbol;

/** A plain JSON copy of a value, or `NOT_DATA` when it holds a function. `undefined` stays `undefined`. */
export declare function toPlain(value: unknown): unknown;
