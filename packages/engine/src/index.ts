export * from './definition/schema.ts';
export * from './recipes/views.ts';
export type { RecipeService } from './recipes/service.ts';
export { createEngine, DEFAULT_WORKER_CONCURRENCY, RECIPE_JOB, type Engine, type EngineOptions } from './engine.ts';
export type { WebhookRequest, WebhookAnswer } from './triggers/webhook.ts';
export type { Scope, StepRecord, RunResult } from './jobs/runner.ts';
export { BUILTIN_CONNECTORS } from './triggers/builtin-connectors.ts';
export type { JobFilter, JobQuery } from './jobs/list.ts';
export { JOB_STATS_HOURS } from './jobs/stats.ts';
