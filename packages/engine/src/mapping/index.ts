export { compileMapping, childPath, type CompiledMapping, type MappingOptions } from './evaluate.ts';
export { compileExpression, DEFAULT_LIMITS, type CompiledExpression, type EvaluationLimits, type MappingScope } from './expression.ts';
export {
  createExpressionPool,
  sharedExpressionPool,
  inlineRunner,
  DEFAULT_POOL,
  type ExpressionPool,
  type ExpressionPoolOptions,
  type ExpressionRunner,
  type PoolOutcome,
} from './expression-pool.ts';
export { MappingError, type MappingFailure } from './errors.ts';
export { parseTemplate, isTemplated, type Template, type TemplatePart } from './template.ts';
export type { ScopeRead } from './analyze.ts';
