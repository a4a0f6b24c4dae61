import jsonata from 'jsonata';
import { analyzeExpression, type ScopeRead } from './analyze.ts';
import { evaluationError, MappingError, syntaxError, excerpt } from './errors.ts';
import { type DirectReader, NOT_DIRECT, compileDirect } from './direct.ts';
import { GuardedRegExp, regexHazard } from './regex-guard.ts';

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
  /** The raw result (possibly `undefined`, a JSONata sequence, or a function). */
  evaluate(scope: MappingScope): Promise<unknown>;
}

interface Parsed {
  expression: jsonata.Expression;
  reads: ScopeRead[];
  /** Set for simple expressions (paths, a little arithmetic): read without JSONata when it can be. */
  direct: DirectReader | undefined;
}

/**
 * Parsed expressions by limits and source. A recipe's expressions are parsed when it is saved and
 * again for every job; parsing dominates the cost of small mappings, so it happens once per process.
 * Bounded, oldest first out, so recipes edited over months do not grow memory without end.
 */
const cache = new Map<string, Parsed>();
const CACHE_SIZE = 5000;

/**
 * Parses one JSONata expression. Throws a `syntax` MappingError located at `path` when it does not
 * parse or holds a regular expression that could backtrack without end.
 *
 * No JavaScript function is ever registered or assigned: the only functions an expression can call
 * are JSONata's built-ins, which work on data. (`$eval` parses JSONata, not JavaScript.)
 */
export function compileExpression(source: string, path: string, limits: EvaluationLimits = DEFAULT_LIMITS): CompiledExpression {
  const parsed = parse(source, path, limits);
  return {
    source,
    path,
    reads: parsed.reads,
    async evaluate(scope) {
      if (parsed.direct) {
        const value = parsed.direct(scope);
        if (value !== NOT_DIRECT) return value;
      }
      try {
        return await parsed.expression.evaluate(scope);
      } catch (thrown) {
        throw evaluationError(thrown, { path, source, limits });
      }
    },
  };
}

function parse(source: string, path: string, limits: EvaluationLimits): Parsed {
  const key = `${limits.timeoutMs}:${limits.maxDepth}:${source}`;
  const hit = cache.get(key);
  if (hit) {
    // Refresh its place so that expressions in use are the last to be dropped.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  let expression: jsonata.Expression;
  try {
    // JSONata's own guardrails keep their state per evaluation, so one parsed expression can be
    // evaluated by concurrent jobs; hooks assigned to the shared expression could not.
    expression = jsonata(source, { timeout: limits.timeoutMs, stack: limits.maxDepth, RegexEngine: GuardedRegExp });
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
  const parsed = { expression, reads: facts.reads, direct: compileDirect(expression.ast()) };
  cache.set(key, parsed);
  if (cache.size > CACHE_SIZE) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  return parsed;
}
