/**
 * `npm run bench`: every benchmark briefly, one after the other (never in parallel: each measures a
 * whole machine), then one table of the figures that matter, each beside its baseline from the same
 * run and the ratio to it. Each bench runs as `node --import tsx bench/<name>.ts <args>` and prints
 * `BENCH_RESULT {…}` lines (bench/result.ts); its other output passes through as it runs.
 *   npm run bench                    every bench (~5–8 minutes on 2 cores; PostgreSQL ones need PATCHBAY_DATABASE_URL)
 *   npm run bench -- webhook         only the benches whose name contains one of the words
 * Exits non-zero when a bench failed (its row says so, with the end of its stderr below the table).
 * How to read the figures, and each bench on its own with longer runs: bench/README.md.
 */
import { spawn } from 'node:child_process';
import { type BenchResult, parseResults } from './result.ts';
import { ROOT } from './server-process.ts';

interface Bench {
  name: string;
  /** Brief arguments: enough rounds for a median, short enough for the whole run to take minutes. */
  args: string;
  /** About how long it takes with these arguments on the 2-core reference machine (measured under some load). */
  takes: string;
  postgres?: boolean;
}

const BENCHES: Bench[] = [
  // name                        args (each bench's own defaults run longer)          takes, about
  { name: 'webhook-recipe',      args: '8 10 2',                                      takes: '35 s' },
  { name: 'webhook-accepted',    args: '8 10 2',                                      takes: '35 s' },
  { name: 'webhook-payloads',    args: '3 10 3',                                      takes: '65 s' },
  { name: 'webhook-engine',      args: '24000 4',                                     takes: '15 s' },
  { name: 'webhook-async',       args: '3000 3',                                      takes: '20 s' },
  { name: 'queue-backlog',       args: '10000 3 2',                                   takes: '15 s' },
  { name: 'connection-request',  args: '3000 10 3',                                   takes: '25 s' },
  { name: 'design-cache',        args: '2000 10 3',                                   takes: '15 s' },
  { name: 'expression-pool',     args: '3000 10 3',                                   takes: '20 s' },
  { name: 'json-depth',          args: '5',                                           takes: '8 s' },
  { name: 'startup',             args: '5 2 5',                                       takes: '60 s' },
  { name: 'web-ui',              args: '7 20',                                        takes: '12 s (+ a web build if stale)' },
  { name: 'queue-throughput',    args: '--impl postgres --workers 1,2 --jobs 10000',  takes: '12 s', postgres: true },
  { name: 'webhook-accepted-pg', args: '--workers 1,2 --events 4000',                 takes: '35 s', postgres: true },
];

const TIMEOUT_MS = 5 * 60_000;
const STDERR_LINES = 12;
const NEEDS_POSTGRES = 'skipped: needs PostgreSQL (set PATCHBAY_DATABASE_URL)';

type Outcome = { bench: Bench; results: BenchResult[]; seconds: number } & ({ status: 'ok' } | { status: 'skipped'; reason: string } | { status: 'failed'; reason: string; stderr: string[] });

let running: number | undefined;

/** Ends the running bench's whole process group (its servers, workers and browsers too). */
function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group has already gone.
  }
}

process.once('SIGINT', () => {
  killGroup(running, 'SIGTERM');
  process.exit(130);
});

/** Each line of `chunk` written indented, so the table's own lines stand out. */
function passThrough(write: (s: string) => void): (chunk: string) => void {
  let pending = '';
  return (chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (!line.startsWith('BENCH_RESULT ')) write(line === '' ? '\n' : `  ${line}\n`);
  };
}

async function run(bench: Bench, databaseUrl: string | undefined): Promise<Outcome> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  if (bench.postgres && !databaseUrl) return { bench, results: [], seconds: 0, status: 'skipped', reason: NEEDS_POSTGRES };
  // SQLite benches run on SQLite whatever the shell has set; PostgreSQL ones get the server's URL.
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.PATCHBAY_DATABASE_URL;
  if (bench.postgres && databaseUrl) env.PATCHBAY_DATABASE_URL = databaseUrl;
  const args = bench.args.split(' ').filter(Boolean);
  console.log(`\n── ${bench.name} ${bench.args} (about ${bench.takes})`);
  // Its own process group: a timeout or Ctrl-C ends the servers it started as well.
  const child = spawn(process.execPath, ['--import', 'tsx', `bench/${bench.name}.ts`, ...args], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running = child.pid;
  let stdout = '';
  let stderr = '';
  const out = passThrough((s) => process.stdout.write(s));
  const err = passThrough((s) => process.stderr.write(s));
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    out(d);
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    err(d);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid, 'SIGTERM');
    setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5_000).unref();
  }, TIMEOUT_MS);
  const code = await new Promise<number>((resolve) => child.once('close', (c, signal) => resolve(c ?? (signal ? 128 : 1))));
  clearTimeout(timer);
  // Whatever it left running (a server after a crash) goes with it.
  killGroup(child.pid, 'SIGKILL');
  running = undefined;
  const results = parseResults(stdout);
  const tail = stderr.trimEnd().split('\n').slice(-STDERR_LINES);
  if (timedOut) return { bench, results, seconds: seconds(), status: 'failed', reason: `failed (timed out after ${TIMEOUT_MS / 60_000} min)`, stderr: tail };
  if (code !== 0) return { bench, results, seconds: seconds(), status: 'failed', reason: `failed (exit ${code})`, stderr: tail };
  if (results.length === 0) return { bench, results, seconds: seconds(), status: 'failed', reason: 'failed (no BENCH_RESULT line)', stderr: tail };
  return { bench, results, seconds: seconds(), status: 'ok' };
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function table(outcomes: Outcome[]): string {
  const header = ['bench', 'figure', 'value', 'baseline', 'baseline value', 'ratio'];
  const rows: string[][] = [];
  for (const o of outcomes) {
    for (const r of o.results) {
      rows.push([r.bench, r.figure, `${formatNumber(r.value)} ${r.unit}`, r.baseline, `${formatNumber(r.baselineValue)} ${r.unit}`, `${formatNumber(r.ratio)} ${r.better === 'higher' ? '↑' : '↓'}`]);
    }
    if (o.status !== 'ok') rows.push([o.bench.name, o.reason, '', '', '', '']);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = new Set([2, 4, 5]);
  const line = (cells: string[]) => {
    // A skipped or failed bench: its reason runs over the empty cells.
    if (cells.slice(2).every((c) => c === '')) return `${(cells[0] ?? '').padEnd(widths[0] ?? 0)} │ ${cells[1] ?? ''}`;
    return cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' │ ');
  };
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const words = process.argv.slice(2).filter((w) => !w.startsWith('-'));
const chosen = words.length === 0 ? BENCHES : BENCHES.filter((b) => words.some((w) => b.name.includes(w)));
if (chosen.length === 0) {
  console.error(`No bench matches ${words.join(', ')}. Benches: ${BENCHES.map((b) => b.name).join(', ')}`);
  process.exit(1);
}
const databaseUrl = process.env.PATCHBAY_DATABASE_URL || process.env.PATCHBAY_TEST_DATABASE_URL || undefined;
const outcomes: Outcome[] = [];
const started = performance.now();
for (const bench of chosen) {
  const outcome = await run(bench, databaseUrl);
  outcomes.push(outcome);
  if (outcome.status !== 'skipped') console.log(`   ${bench.name}: ${outcome.status === 'ok' ? 'done' : outcome.reason} in ${outcome.seconds.toFixed(0)} s`);
}

console.log(`\n${chosen.length} benches in ${((performance.now() - started) / 60_000).toFixed(1)} min; ratio = value ÷ baseline value from the same run (↑ higher is better, ↓ lower is better)\n`);
console.log(table(outcomes));
for (const o of outcomes) {
  if (o.status === 'failed') console.log(`\n${o.bench.name}: ${o.reason}, end of its stderr:\n${o.stderr.map((l) => `  ${l}`).join('\n')}`);
}
process.exitCode = outcomes.some((o) => o.status === 'failed') ? 1 : 0;
