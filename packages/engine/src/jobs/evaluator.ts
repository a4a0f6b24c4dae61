import { type CompiledMapping, DEFAULT_LIMITS, type ExpressionRunner, compileMapping } from '../mapping/index.ts';
import type { Scope } from './runner.ts';

const MAX_CACHED_TEXTS = 10_000;

export interface EvaluatorOptions {
  /** Where expressions that are not read directly run: the engine's expression pool. Default: the shared pool. */
  runner?: ExpressionRunner;
  /** Time one expression may run (`PATCHBAY_EXPRESSION_TIMEOUT_MS`). Default 1000 ms. */
  timeoutMs?: number;
}

/**
 * Evaluates mappings, compiling each once. Definitions are cached per version (they never change),
 * so an object mapping is the same object on every job and is cached by identity; a string mapping
 * (a condition, an items expression) by its location and text.
 */
export function createEvaluator(options: EvaluatorOptions = {}): (mapping: unknown, scope: Scope, location: string) => Promise<unknown> {
  const byObject = new WeakMap<object, CompiledMapping>();
  const byText = new Map<string, CompiledMapping>();
  const limits = { timeoutMs: options.timeoutMs ?? DEFAULT_LIMITS.timeoutMs };
  const compile = (mapping: unknown, location: string) => compileMapping(mapping, { path: location, limits, runner: options.runner });
  return (mapping, scope, location) => {
    let compiled: CompiledMapping | undefined;
    if (typeof mapping === 'object' && mapping !== null) {
      compiled = byObject.get(mapping);
      if (!compiled) {
        compiled = compile(mapping, location);
        byObject.set(mapping, compiled);
      }
    } else {
      const key = `${location}\u0000${String(mapping)}`;
      compiled = byText.get(key);
      if (!compiled) {
        if (byText.size >= MAX_CACHED_TEXTS) byText.clear();
        compiled = compile(mapping, location);
        byText.set(key, compiled);
      }
    }
    return compiled.evaluate(scope);
  };
}
