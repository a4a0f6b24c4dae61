/**
 * The one machine-readable line each benchmark prints per figure that matters, for `bench/all.ts`
 * (`npm run bench`) to collect into one table:
 *   BENCH_RESULT {"bench":"webhook-recipe","figure":"sync webhook req/s","value":8600,"unit":"req/s",…}
 * A figure is always beside a baseline measured in the same run: the ratio is what compares across
 * machines, the value alone moves with the machine.
 */
import { basename } from 'node:path';

export const RESULT_PREFIX = 'BENCH_RESULT ';

export const UNITS = ['req/s', 'µs', 'ms', 'MB', 'jobs/s', 's'] as const;
export type Unit = (typeof UNITS)[number];

export interface BenchResult {
  /** The benchmark's file stem, e.g. `webhook-recipe`. */
  bench: string;
  /** What was measured, e.g. `sync webhook req/s`. */
  figure: string;
  value: number;
  unit: Unit;
  /** What the value is compared with, measured in the same run, e.g. `bare node:http req/s`. */
  baseline: string;
  baselineValue: number;
  /** value / baselineValue, unless the bench has a firmer ratio of its own (a median of per-round ratios). */
  ratio: number;
  /** Which way is good for the value (and so for the ratio). */
  better: 'higher' | 'lower';
}

export type Figure = Omit<BenchResult, 'bench' | 'ratio'> & { ratio?: number };

/** The running script's file stem: `node --import tsx bench/startup.ts` → `startup`. */
function benchName(): string {
  return basename(process.argv[1] ?? 'unknown').replace(/\.[cm]?[jt]s$/, '');
}

/** Prints one figure's BENCH_RESULT line (after the bench's own human-readable lines). */
export function report(figure: Figure): void {
  const result: BenchResult = { bench: benchName(), ...figure, ratio: figure.ratio ?? figure.value / figure.baselineValue };
  // Fixed key order: the line is read by people too.
  const { bench, value, unit, baseline, baselineValue, ratio, better } = result;
  console.log(`${RESULT_PREFIX}${JSON.stringify({ bench, figure: result.figure, value, unit, baseline, baselineValue, ratio, better })}`);
}

/** A result as JSON carries it: NaN and Infinity arrive as null. */
type ParsedResult = Omit<BenchResult, 'value' | 'baselineValue' | 'ratio'> & Record<'value' | 'baselineValue' | 'ratio', number | null>;

function isResult(value: unknown): value is ParsedResult {
  if (typeof value !== 'object' || value === null) return false;
  const v: Partial<Record<keyof BenchResult, unknown>> = value;
  return (
    typeof v.bench === 'string' &&
    typeof v.figure === 'string' &&
    typeof v.baseline === 'string' &&
    typeof v.unit === 'string' &&
    UNITS.some((u) => u === v.unit) &&
    (v.better === 'higher' || v.better === 'lower') &&
    [v.value, v.baselineValue, v.ratio].every((n) => typeof n === 'number' || n === null)
  );
}

/** The BENCH_RESULT lines of a bench's output; other lines and malformed results are left out. */
export function parseResults(output: string): BenchResult[] {
  const results: BenchResult[] = [];
  for (const line of output.split('\n')) {
    const at = line.indexOf(RESULT_PREFIX);
    if (at === -1) continue;
    try {
      const parsed: unknown = JSON.parse(line.slice(at + RESULT_PREFIX.length));
      if (isResult(parsed)) results.push({ ...parsed, value: parsed.value ?? Number.NaN, baselineValue: parsed.baselineValue ?? Number.NaN, ratio: parsed.ratio ?? Number.NaN });
    } catch {
      // Not a result line after all.
    }
  }
  return results;
}
