import { type CompiledMapping, compileMapping } from '../mapping/index.ts';
import type { Scope } from './runner.ts';

const MAX_CACHED_TEXTS = 10_000;

/**
 * Evaluates mappings, compiling each once. Definitions are cached per version (they never change),
 * so an object mapping is the same object on every job and is cached by identity; a string mapping
 * (a condition, an items expression) by its location and text.
 */
export function createEvaluator(): (mapping: unknown, scope: Scope, location: string) => Promise<unknown> {
  const byObject = new WeakMap<object, CompiledMapping>();
  const byText = new Map<string, CompiledMapping>();
  return (mapping, scope, location) => {
    let compiled: CompiledMapping | undefined;
    if (typeof mapping === 'object' && mapping !== null) {
      compiled = byObject.get(mapping);
      if (!compiled) {
        compiled = compileMapping(mapping, { path: location });
        byObject.set(mapping, compiled);
      }
    } else {
      const key = `${location}\u0000${String(mapping)}`;
      compiled = byText.get(key);
      if (!compiled) {
        if (byText.size >= MAX_CACHED_TEXTS) byText.clear();
        compiled = compileMapping(mapping, { path: location });
        byText.set(key, compiled);
      }
    }
    return compiled.evaluate(scope);
  };
}
