import { compileExpression, DEFAULT_LIMITS, type CompiledExpression, type EvaluationLimits, type MappingScope } from './expression.ts';
import type { ExpressionRunner } from './expression-pool.ts';
import { parseTemplate } from './template.ts';

/** A mapping compiled once and evaluated for every job. */
export interface CompiledMapping {
  /** Every expression the mapping holds, in document order. */
  readonly expressions: readonly CompiledExpression[];
  /**
   * The mapping with every `{{ }}` replaced. Returns fresh objects and arrays each time, never
   * sharing structure with the scope or an earlier result, so callers may keep or change it.
   * Throws a MappingError located at the failing string.
   */
  evaluate(scope: MappingScope): Promise<unknown>;
}

export interface MappingOptions {
  /** Where the mapping sits in the recipe, prefixed to every error's location. @example 'steps[1].input' */
  path: string;
  /** Default `DEFAULT_LIMITS`: 1 s and 1000 levels per expression. */
  limits?: Partial<EvaluationLimits>;
  /**
   * Where expressions that are not read directly are evaluated. Default: the shared expression pool
   * (`sharedExpressionPool()`, default settings); the engine passes its own, sized by the settings.
   */
  runner?: ExpressionRunner;
}

type Evaluator = (scope: MappingScope) => Promise<unknown>;

/**
 * Compiles a mapping: any JSON value whose strings may hold `{{ JSONata }}`. Objects and arrays are
 * walked (keys are never templated). A string that is exactly one `{{ expr }}` gives the value with
 * its type (`null` when the expression gives nothing); other strings interpolate each value as text
 * (objects and arrays as JSON, nothing or null as empty text).
 * Throws a `syntax` MappingError for the first expression that does not parse.
 * @example compileMapping({ total: '{{ trigger.body.amount * 2 }}', note: 'id {{ trigger.body.id }}' }, { path: 'steps[0].input' })
 */
export function compileMapping(mapping: unknown, options: MappingOptions): CompiledMapping {
  const limits: EvaluationLimits = {
    timeoutMs: options.limits?.timeoutMs ?? DEFAULT_LIMITS.timeoutMs,
    maxDepth: options.limits?.maxDepth ?? DEFAULT_LIMITS.maxDepth,
  };
  const expressions: CompiledExpression[] = [];
  const evaluator = compileValue(mapping, options.path, { limits, runner: options.runner }, expressions);
  return { expressions, evaluate: evaluator };
}

interface Settings {
  limits: EvaluationLimits;
  runner: ExpressionRunner | undefined;
}

/** `steps[1].input` + `body` → `steps[1].input.body`; + 0 → `steps[1].input[0]`. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const plainKey = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (parent === '') return plainKey;
  return plainKey.startsWith('[') ? `${parent}${plainKey}` : `${parent}.${plainKey}`;
}

function compileValue(value: unknown, path: string, settings: Settings, out: CompiledExpression[]): Evaluator {
  if (typeof value === 'string') return compileString(value, path, settings, out);
  if (Array.isArray(value)) {
    const items = value.map((item, i) => compileValue(item, childPath(path, i), settings, out));
    return async (scope) => {
      const result: unknown[] = [];
      for (const item of items) result.push(await item(scope));
      return result;
    };
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, v]) => [key, compileValue(v, childPath(path, key), settings, out)] as const);
    return async (scope) => {
      const result: [string, unknown][] = [];
      for (const [key, item] of entries) result.push([key, await item(scope)]);
      // fromEntries defines own properties, so a "__proto__" key stays data instead of a prototype.
      return Object.fromEntries(result);
    };
  }
  return async () => value;
}

function compileString(text: string, path: string, { limits, runner }: Settings, out: CompiledExpression[]): Evaluator {
  const template = parseTemplate(text, path);
  if (template.kind === 'text') return async () => text;
  if (template.kind === 'single') {
    const expression = compileExpression(template.source, path, limits, runner);
    out.push(expression);
    // Expressions give plain JSON copies (functions refused), so the value is used as it is.
    return async (scope) => (await expression.evaluate(scope)) ?? null;
  }
  const parts = template.parts.map((part) => {
    if (part.kind === 'text') return part.text;
    const expression = compileExpression(part.source, path, limits, runner);
    out.push(expression);
    return expression;
  });
  return async (scope) => {
    let result = '';
    for (const part of parts) result += typeof part === 'string' ? part : asText(await part.evaluate(scope));
    return result;
  };
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** As JSONata's `$string` does: 15 significant digits, so `0.1 + 0.2` reads "0.3". */
function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
}
