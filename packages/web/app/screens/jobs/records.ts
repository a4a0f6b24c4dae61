/*
 * A job's `steps[]` and `error` are loosely typed in the API document (records whose shape the engine
 * owns: packages/engine/src/jobs/runner.ts, StepRecord). These guards read what the screens show and
 * leave out what does not fit, so an older or newer record shape never breaks the page.
 */

export interface ErrorView {
  code: string;
  message: string;
  /** The step whose failure failed the job (a job's error only). */
  step?: string;
}

export interface StepView {
  /** Where the step is in the definition, e.g. `steps[2].then[0]`. */
  path: string;
  id: string;
  type: string;
  status: 'succeeded' | 'failed';
  /** The foreach iteration the record belongs to. */
  iteration?: number;
  /** Absent for steps without input (set, if…): the key is missing, not null. */
  input?: { value: unknown };
  output?: { value: unknown };
  error?: ErrorView;
  attempts: number;
  durationMs: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

export function errorOf(value: unknown): ErrorView | undefined {
  if (!isObject(value) || typeof value.code !== 'string' || typeof value.message !== 'string') return undefined;
  return { code: value.code, message: value.message, ...(typeof value.step === 'string' ? { step: value.step } : {}) };
}

export function stepOf(record: Record<string, unknown>): StepView | undefined {
  const { path, id, type, status } = record;
  if (typeof path !== 'string' || typeof id !== 'string' || (status !== 'succeeded' && status !== 'failed')) return undefined;
  const error = errorOf(record.error);
  return {
    path,
    id,
    type: typeof type === 'string' ? type : 'action',
    status,
    ...(isCount(record.iteration) ? { iteration: record.iteration } : {}),
    ...('input' in record ? { input: { value: record.input } } : {}),
    ...('output' in record ? { output: { value: record.output } } : {}),
    ...(error ? { error } : {}),
    attempts: isCount(record.attempts) ? record.attempts : 1,
    durationMs: isCount(record.durationMs) ? record.durationMs : 0,
  };
}

export function stepsOf(records: readonly Record<string, unknown>[]): StepView[] {
  return records.flatMap((record) => stepOf(record) ?? []);
}
