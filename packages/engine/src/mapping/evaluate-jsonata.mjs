/**
 * One JSONata evaluation, in a child process of the expression pool (expression-pool.ts) — or
 * inline, as the baseline the bench compares with. What crosses the process boundary is
 * structured-clone data: the task (source, scope, limits) in, and out either the result as plain
 * JSON or the failure reduced to the fields errors.ts reads (never a function, never an Error).
 *
 * Plain JavaScript, with types in evaluate-jsonata.d.mts: the child is a plain `node` process
 * (neither tsx's loader nor vitest's transform reaches it), so it loads .mjs files and packages,
 * not TypeScript.
 */
import jsonata from 'jsonata';
import { GuardedRegExp } from './regex-guard.mjs';

/**
 * Parsed expressions by limits and source, per process: parsing dominates the cost of small
 * expressions. Bounded, oldest first out.
 * @type {Map<string, jsonata.Expression>}
 */
const parsed = new Map();
const CACHE_SIZE = 1000;

/**
 * @param {import('./evaluate-jsonata.d.mts').ExpressionTask} task
 * @returns {Promise<import('./evaluate-jsonata.d.mts').ExpressionOutcome>}
 */
export default async function evaluateExpression(task) {
  let value;
  try {
    value = await expressionFor(task).evaluate(task.scope);
  } catch (thrown) {
    return { failure: failureData(thrown) };
  }
  const plain = toPlain(value);
  return plain === NOT_DATA ? { notData: true } : { value: plain };
}

/** @param {import('./evaluate-jsonata.d.mts').ExpressionTask} task */
function expressionFor({ source, timeoutMs, maxDepth }) {
  const key = `${timeoutMs}:${maxDepth}:${source}`;
  let expression = parsed.get(key);
  if (expression === undefined) {
    // JSONata's own guardrails keep their state per evaluation, so one parsed expression can be
    // evaluated again and again; the soft time limit stops a runaway recursion cleanly and keeps
    // the process, and the pool's hard deadline covers what it cannot see (one long regex match).
    expression = jsonata(source, { timeout: timeoutMs, stack: maxDepth, RegexEngine: GuardedRegExp });
    parsed.set(key, expression);
    if (parsed.size > CACHE_SIZE) {
      const oldest = parsed.keys().next();
      if (!oldest.done) parsed.delete(oldest.value);
    }
  }
  return expression;
}

/** Marks a value that is not data (a function): `toPlain` gives it instead of a copy. */
export const NOT_DATA = Symbol('not data');

/**
 * A plain JSON copy of an expression's result: JSONata sequences become arrays, `undefined` inside
 * objects is left out (as JSON does), non-finite numbers become null, and a function — which is
 * not data — gives `NOT_DATA`. Copying also means a result never aliases the trigger or a step's
 * output. `undefined` at the top stays `undefined` ("the expression gave nothing").
 * @param {unknown} value
 * @returns {unknown}
 */
export function toPlain(value) {
  if (value === undefined || value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'function' || isJsonataFunction(value)) return NOT_DATA;
  if (Array.isArray(value)) {
    const copy = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = toPlain(value[i]);
      if (item === NOT_DATA) return NOT_DATA;
      copy[i] = item ?? null;
    }
    return copy;
  }
  if (typeof value === 'object') {
    /** @type {[string, unknown][]} */
    const entries = [];
    for (const [key, item] of Object.entries(value)) {
      const copy = toPlain(item);
      if (copy === NOT_DATA) return NOT_DATA;
      if (copy !== undefined) entries.push([key, copy]);
    }
    // fromEntries defines own properties, so a "__proto__" key stays data instead of a prototype.
    return Object.fromEntries(entries);
  }
  return undefined; // bigint and symbol never come out of JSON or JSONata
}

/** @param {object} value */
function isJsonataFunction(value) {
  return typeof value === 'object' && value !== null && ('_jsonata_lambda' in value || '_jsonata_function' in value);
}

/**
 * What JSONata threw, reduced to what errors.ts reads: its code, position and message, and the
 * failure `$eval` wraps. Other fields (`value`, `token`) may hold data or functions, and an
 * exception that is not JSONata's (a RangeError from a huge value) keeps nothing: it is reported
 * as an internal limit.
 * @param {unknown} thrown
 * @returns {import('./evaluate-jsonata.d.mts').FailureData}
 */
function failureData(thrown) {
  if (typeof thrown !== 'object' || thrown === null || !('code' in thrown) || typeof thrown.code !== 'string') return {};
  /** @type {import('./evaluate-jsonata.d.mts').FailureData} */
  const failure = { code: thrown.code };
  if ('position' in thrown && typeof thrown.position === 'number') failure.position = thrown.position;
  if ('message' in thrown && typeof thrown.message === 'string') failure.message = thrown.message;
  if ('error' in thrown && thrown.error !== undefined) failure.error = failureData(thrown.error);
  return failure;
}
