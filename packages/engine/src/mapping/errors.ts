import { PatchbayError, type Problem } from '@patchbay/core';
import { REFUSED_REGEX } from './regex-guard.mjs';

/** Why a mapping failed: `syntax` is found when the recipe is saved; the others while a job runs. */
export type MappingFailure = 'syntax' | 'runtime' | 'time_limit' | 'memory_limit' | 'depth_limit' | 'not_data';

/**
 * The code each failure carries: a syntax error is the recipe's (400 when it is saved); an
 * expression past its time or memory limit is `expression_limit`; anything else while a job runs
 * is `mapping_failed`. None is retryable: the same expression on the same data does the same again.
 */
const CODES: Record<MappingFailure, { code: 'invalid_mapping' | 'mapping_failed' | 'expression_limit'; status: 400 | 422 }> = {
  syntax: { code: 'invalid_mapping', status: 400 },
  runtime: { code: 'mapping_failed', status: 422 },
  depth_limit: { code: 'mapping_failed', status: 422 },
  not_data: { code: 'mapping_failed', status: 422 },
  time_limit: { code: 'expression_limit', status: 422 },
  memory_limit: { code: 'expression_limit', status: 422 },
};

/**
 * A mapping that cannot be compiled or evaluated, located by `path` (`steps[1].input.path`).
 * Messages quote the recipe's own expression text but never the data it was evaluated on: step data
 * may hold personal data or secrets, and these messages reach job history and the API.
 * No `cause` is attached for the same reason (JSONata's own errors embed data values).
 */
export class MappingError extends PatchbayError {
  readonly failure: MappingFailure;
  readonly path: string;
  /** The same failure as a validation problem (message without the path). */
  readonly problem: Problem;

  constructor(failure: MappingFailure, problem: Problem) {
    const { code, status } = CODES[failure];
    super(code, status, `${problem.path} ${problem.message}`, {
      details: [{ path: problem.path, message: problem.message, failure }],
    });
    this.failure = failure;
    this.path = problem.path;
    this.problem = { path: problem.path, message: problem.message };
  }
}

/** What JSONata throws: plain objects (not `Error`s) with a code such as `S0201` or `T2001`. */
interface JsonataFailure {
  code: string;
  position?: number;
  token?: unknown;
  message?: string;
  error?: unknown;
}

function isJsonataFailure(value: unknown): value is JsonataFailure {
  return typeof value === 'object' && value !== null && 'code' in value && typeof value.code === 'string';
}

/**
 * JSONata messages for these codes embed the offending data value, so they are replaced with ours.
 * Every other JSONata message is built only from the expression text (operator and function names).
 */
const WITHOUT_VALUES: Record<string, string> = {
  D1001: 'a number is out of range',
  D1002: 'only a number can be negated',
  T1003: 'a key in an object constructor must be text',
  D1009: 'two keys of an object constructor give the same key',
  D1013: 'property names starting with _jsonata_ are reserved',
  T2007: 'the values compared in an order-by clause must be of the same type',
  T2009: 'the values either side of an operator must be of the same type',
  T2011: 'the update clause of a transform must give an object',
  T2012: 'the delete clause of a transform must give text or a list of text',
  D2014: 'a range (..) may hold at most 10,000,000 items',
  D2015: 'a list grew past its maximum length',
  D3030: 'a value could not be converted to a number',
  D3060: '$sqrt() needs a number that is not negative',
  D3061: '$power() gave a result that is not a JSON number',
  D3100: '$formatBase() needs a radix between 2 and 36',
  D3110: '$toMillis() needs an ISO 8601 timestamp',
  D3120: 'the text passed to $eval() is not a valid expression',
  D3121: 'the expression passed to $eval() failed',
  D3130: 'this number picture string is not supported',
  D3132: 'the date/time picture string has an unknown component',
  D3133: "the date/time picture string uses the 'name' modifier on a component other than month or day",
  D3137: '$error() was called',
  D3140: 'a malformed URL was passed to a URL function',
  D3141: '$assert() failed',
};

/** Only so much of the expression is quoted: enough to find it, not a 10,000-character wall. */
export function excerpt(source: string): string {
  const flat = source.trim().replace(/\s+/g, ' ');
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

export interface FailureContext {
  path: string;
  source: string;
  limits: { timeoutMs: number; maxDepth: number };
}

/** Turns whatever JSONata threw while parsing into a located, actionable `MappingError`. */
export function syntaxError(thrown: unknown, context: Omit<FailureContext, 'limits'>): MappingError {
  const where = isJsonataFailure(thrown) && thrown.position !== undefined ? ` (at character ${thrown.position})` : '';
  const reason = isJsonataFailure(thrown) && thrown.message ? thrown.message : 'it could not be read';
  return new MappingError('syntax', {
    path: context.path,
    message: `has an expression that is not valid JSONata: ${reason}${where} in "${excerpt(context.source)}". Fix the expression between {{ and }}.`,
  });
}

/** Turns whatever was thrown while evaluating into a located `MappingError` that quotes no data. */
export function evaluationError(thrown: unknown, context: FailureContext): MappingError {
  const quoted = `"${excerpt(context.source)}"`;
  const failure = unwrapEval(thrown);
  const code = isJsonataFailure(failure) ? failure.code : undefined;
  if (code === 'D1012') return timeLimitError(context);
  if (code === 'D1011') {
    return new MappingError('depth_limit', {
      path: context.path,
      message: `has an expression nested deeper than ${context.limits.maxDepth} levels and was stopped: ${quoted}. Look for a recursive function that never ends, or make the recursive call the last thing the function does.`,
    });
  }
  return new MappingError('runtime', { path: context.path, message: `has an expression that failed: ${quoted}: ${reasonOf(failure)}. Fix the expression, or the data it reads.` });
}

/**
 * An expression that ran past its time limit: stopped by JSONata's own check, or its process killed
 * by the pool (a regular expression that backtracks runs as one call that JSONata cannot interrupt).
 */
export function timeLimitError(context: FailureContext): MappingError {
  return new MappingError('time_limit', {
    path: context.path,
    message: `has an expression that ran longer than ${context.limits.timeoutMs} ms and was stopped: "${excerpt(context.source)}". Look for a recursive function that never ends or a regular expression that backtracks (like "(a|aa)+"), or work on fewer items.`,
  });
}

/** An expression whose process ran out of memory (or built a value too large for V8). */
export function memoryLimitError(context: Omit<FailureContext, 'limits'>, memoryMb: number): MappingError {
  return new MappingError('memory_limit', {
    path: context.path,
    message: `has an expression that used more than ${memoryMb} MB of memory and was stopped: "${excerpt(context.source)}". Build smaller values (a long $pad or repeated joining), or work on fewer items.`,
  });
}

/** A result (or a value read) that is a function or something else that is not data. */
export function notDataError(context: Omit<FailureContext, 'limits'>, what: 'result' | 'input'): MappingError {
  const message =
    what === 'result'
      ? `has an expression that gives a function, which is not data: "${excerpt(context.source)}". Call the function instead, e.g. "$f(x)".`
      : `has an expression over data that holds a value that is not data (a function): "${excerpt(context.source)}". The step that produced it must output plain JSON.`;
  return new MappingError('not_data', { path: context.path, message });
}

/**
 * `$eval` wraps the failure of the expression it ran. The limits and a refused regular expression
 * are what the user must learn about; other inner messages may quote data, so they stay wrapped.
 */
function unwrapEval(thrown: unknown): unknown {
  if (!isJsonataFailure(thrown) || !thrown.code.startsWith('D312') || !isJsonataFailure(thrown.error)) return thrown;
  return ['D1011', 'D1012', REFUSED_REGEX].includes(thrown.error.code) ? thrown.error : thrown;
}

function reasonOf(thrown: unknown): string {
  if (!isJsonataFailure(thrown)) return 'it hit an internal limit (a value may be too large)';
  const where = thrown.position !== undefined ? ` (at character ${thrown.position})` : '';
  const known = WITHOUT_VALUES[thrown.code];
  if (known !== undefined) return `${known}${where}`;
  // Codes outside JSONata's catalogue (or future ones) may carry anything: say only the code.
  if (!/^[STD]\d{4}$/.test(thrown.code) || !thrown.message) return `JSONata error ${thrown.code}${where}`;
  return `${thrown.message.replace(/\.$/, '')}${where}`;
}
