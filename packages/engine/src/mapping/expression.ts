import jsonata from 'jsonata';
import { analyzeExpression, type ScopeRead } from './analyze.ts';
import { evaluationError, excerpt, MappingError, memoryLimitError, notDataError, syntaxError, timeLimitError } from './errors.ts';
import { type DirectReader, NOT_DIRECT, compileDirect } from './direct.ts';
import { NOT_DATA, toPlain } from './evaluate-jsonata.mjs';
import { type ExpressionRunner, sharedExpressionPool } from './expression-pool.ts';
import { regexHazard } from './regex-guard.mjs';

/** Bounds on one evaluation of one expression. */
export interface EvaluationLimits {
  /** Wall-clock time one expression may run. Default 1000 ms. */
  timeoutMs: number;
  /** Nesting depth of evaluation (recursion). Default 1000. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: Readonly<EvaluationLimits> = Object.freeze({ timeoutMs: 1000, maxDepth: 1000 });

/**
 * What an expression is evaluated against: `$` (the root) is this object, so expressions read
 * `trigger.body.id` or `steps.lookup.output.name`.
 */
export interface MappingScope {
  trigger: unknown;
  steps: Record<string, { output: unknown }>;
  /** Inside a foreach: the current item and its 0-based index. */
  item?: unknown;
  index?: number;
  /** Inside a catch: the error that was caught. */
  error?: unknown;
}

export interface CompiledExpression {
  /** The text between `{{` and `}}`. */
  readonly source: string;
  /** Where it sits in the recipe, e.g. `steps[1].input.path`. */
  readonly path: string;
  /** The scope names it reads, for checks at save time. */
  readonly reads: readonly ScopeRead[];
  /**
   * The result as plain JSON data (`undefined` when the expression gives nothing), a fresh copy that
   * never aliases the scope. Throws a located MappingError.
   */
  evaluate(scope: MappingScope): Promise<unknown>;
}

interface Parsed {
  reads: ScopeRead[];
  /** Set for simple expressions (paths, a little arithmetic): read without JSONata when it can be. */
  direct: DirectReader | undefined;
}

/**
 * Parsed expressions by source. A recipe's expressions are parsed when it is saved and again for
 * every job; parsing dominates the cost of small mappings, so it happens once per process (and
 * once more in each expression process, which keeps its own cache). Bounded, oldest first out, so
 * recipes edited over months do not grow memory without end.
 */
const cache = new Map<string, Parsed>();
const CACHE_SIZE = 5000;

/**
 * Parses one JSONata expression. Throws a `syntax` MappingError located at `path` when it does not
 * parse or holds a regular expression that could backtrack without end.
 *
 * Simple expressions on plain values are answered here, inline (direct.ts); every other evaluation
 * runs in `runner`, by default the shared expression pool: a child process with a memory cap and a
 * hard deadline (expression-pool.ts), so no expression can stall or end the server.
 *
 * No JavaScript function is ever registered or assigned: the only functions an expression can call
 * are JSONata's built-ins, which work on data. (`$eval` parses JSONata, not JavaScript.)
 */
export function compileExpression(source: string, path: string, limits: EvaluationLimits = DEFAULT_LIMITS, runner?: ExpressionRunner): CompiledExpression {
  const parsed = parse(source, path);
  const context = { path, source, limits };
  return {
    source,
    path,
    reads: parsed.reads,
    async evaluate(scope) {
      if (parsed.direct) {
        const value = parsed.direct(scope);
        // A direct answer is a value of the scope itself: copied, so that a result never aliases it.
        if (value !== NOT_DIRECT) {
          const plain = toPlain(value);
          if (plain === NOT_DATA) throw notDataError(context, 'input');
          return plain;
        }
      }
      const outcome = await (runner ?? sharedExpressionPool()).run({ source, scope, timeoutMs: limits.timeoutMs, maxDepth: limits.maxDepth });
      if ('value' in outcome) return outcome.value;
      if ('failure' in outcome) throw evaluationError(outcome.failure, context);
      if ('notData' in outcome) throw notDataError(context, 'result');
      if ('unclonable' in outcome) throw notDataError(context, 'input');
      throw outcome.limit === 'time' ? timeLimitError(context) : memoryLimitError(context, outcome.memoryMb);
    },
  };
}

function parse(source: string, path: string): Parsed {
  const hit = cache.get(source);
  if (hit) {
    // Refresh its place so that expressions in use are the last to be dropped.
    cache.delete(source);
    cache.set(source, hit);
    return hit;
  }
  let expression: jsonata.Expression;
  try {
    // Parsed here for its syntax tree only (the checks, the direct reader); it is evaluated in the
    // expression process, which parses it again with the limits.
    expression = jsonata(source);
  } catch (thrown) {
    throw syntaxError(thrown, { path, source });
  }
  const facts = analyzeExpression(expression.ast());
  for (const regex of facts.regexes) {
    const hazard = regexHazard(regex.source);
    if (hazard !== undefined) {
      throw new MappingError('syntax', {
        path,
        message: `has a regular expression that is refused in "${excerpt(source)}": ${hazard}. Rewrite it without a repeated group that itself repeats.`,
      });
    }
  }
  const parsed = { reads: facts.reads, direct: compileDirect(expression.ast()) };
  cache.set(source, parsed);
  if (cache.size > CACHE_SIZE) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  return parsed;
}
