import { InvalidInputError } from '@patchbay/core';
import { Cron } from 'croner';
import type { RecipeDefinition } from '../definition/schema.ts';
import type { RecipeRow } from '../recipes/repository.ts';
import type { StartInput } from '../recipes/views.ts';

/** Polling intervals: default 5 minutes, never under 10 s (apps rate-limit, and so should we). */
export const DEFAULT_POLL_INTERVAL_S = 300;
export const MIN_POLL_INTERVAL_S = 10;

export interface TriggerPlan {
  kind: 'webhook' | 'polling' | 'schedule';
  /** Jobs of the recipe at once unless the recipe says: 1 for polling keeps events in order. */
  defaultConcurrency: number;
  /** Recipe fields set when the recipe starts. */
  onStart(row: RecipeRow, input: StartInput, now: Date): Partial<RecipeRow>;
}

/** Where a polling trigger resumes: the connector's cursor, or where the user chose to begin. */
export interface PollState {
  cursor: string | null;
  since: string | null;
}

export function pollIntervalSeconds(definition: RecipeDefinition): number {
  const raw = definition.trigger.input?.intervalSeconds;
  return typeof raw === 'number' && Number.isFinite(raw) ? Math.max(MIN_POLL_INTERVAL_S, raw) : DEFAULT_POLL_INTERVAL_S;
}

export function nextCronRun(definition: RecipeDefinition, after: Date): Date | null {
  const { cron, timezone } = definition.trigger.input ?? {};
  if (typeof cron !== 'string') return null;
  return new Cron(cron, { ...(typeof timezone === 'string' ? { timezone } : {}), paused: true }).nextRun(after);
}

function sinceOf(input: StartInput, now: Date): string {
  if (input.since === undefined || input.since === 'now') return now.toISOString();
  const parsed = Date.parse(input.since);
  if (Number.isNaN(parsed)) {
    throw new InvalidInputError('since must be an ISO-8601 time (e.g. 2026-01-31T00:00:00Z) or "now".', [{ path: 'since', message: 'is not a time' }]);
  }
  return new Date(parsed).toISOString();
}

export function planTrigger(definition: RecipeDefinition): TriggerPlan {
  const { trigger } = definition;
  if (trigger.connector === 'webhook') return { kind: 'webhook', defaultConcurrency: 10, onStart: () => ({}) };
  if (trigger.connector === 'schedule') {
    return {
      kind: 'schedule',
      defaultConcurrency: 1,
      onStart: (_row, _input, now) => ({ next_trigger_at: nextCronRun(definition, now)?.toISOString() ?? null }),
    };
  }
  return {
    kind: 'polling',
    defaultConcurrency: 1,
    onStart: (row, input, now) => {
      // The first start decides where to begin; a restart resumes from the saved cursor.
      const state: PollState = row.poll_cursor ? parsePollState(row.poll_cursor) : { cursor: null, since: sinceOf(input, now) };
      return { poll_cursor: JSON.stringify(state), next_trigger_at: now.toISOString() };
    },
  };
}

/** Jobs of the recipe that may run at once: its own `concurrency`, else its trigger's default. */
export function concurrencyOf(definition: RecipeDefinition): number {
  return definition.concurrency ?? planTrigger(definition).defaultConcurrency;
}

export function parsePollState(text: string | null): PollState {
  if (!text) return { cursor: null, since: null };
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null) return { cursor: null, since: null };
  const cursor = 'cursor' in parsed && typeof parsed.cursor === 'string' ? parsed.cursor : null;
  const since = 'since' in parsed && typeof parsed.since === 'string' ? parsed.since : null;
  return { cursor, since };
}
