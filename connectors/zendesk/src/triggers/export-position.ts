import { isRecord } from '../api.ts';

/**
 * Where the incremental ticket export resumes (§11), kept as the trigger's cursor.
 * - `after`: Zendesk's `after_cursor`, kept even at the end of the stream, so the next poll asks
 *   only for what changed since.
 * - `startTime`: the `start_time` (Unix seconds) to ask with while Zendesk has given no cursor yet.
 * - `notBefore`: the user's chosen start (Unix seconds). The export cannot start closer to now than
 *   Zendesk allows, so the first request may start earlier; tickets last updated before this are
 *   dropped. Kept for good: later changes are all newer anyway.
 */
export type ExportPosition = ({ after: string } | { startTime: number }) & { notBefore?: number };

export function parsePosition(raw: string | undefined): ExportPosition | undefined {
  if (!raw) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  const { after, startTime, notBefore } = parsed;
  const extra = typeof notBefore === 'number' ? { notBefore } : {};
  if (typeof after === 'string' && after !== '') return { after, ...extra };
  if (typeof startTime === 'number') return { startTime, ...extra };
  // Not a position this trigger wrote: the caller starts again from the user's `since`.
  return undefined;
}

/**
 * How far behind now a first `start_time` must be. Zendesk leaves out the newest minute and answers
 * 422 "Too recent start_time" inside it; the recorded wording says 1 or 5 minutes (§11), so the
 * connector keeps the wider margin: it only costs reading, and dropping, a few minutes of tickets.
 */
export const START_TIME_MARGIN_SECONDS = 300;

/** The first position of a trigger whose user chose to begin at `since` (an ISO time; default now). */
export function firstPosition(since: string | undefined, nowSeconds: number): ExportPosition {
  const chosen = since === undefined ? Number.NaN : Math.floor(Date.parse(since) / 1000);
  const notBefore = Number.isNaN(chosen) ? nowSeconds : chosen;
  const startTime = Math.max(0, Math.min(notBefore, nowSeconds - START_TIME_MARGIN_SECONDS));
  return { startTime, ...(startTime < notBefore ? { notBefore } : {}) };
}
