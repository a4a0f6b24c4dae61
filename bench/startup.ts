/**
 * Start-up and memory of `patchbay serve`: time from spawn to the first 200 from /health, then the
 * resident set size once idle, each on a fresh data directory (so the first start's migrations and
 * key generation are included), beside a bare `node -e` http server started the same way.
 *   npx tsx bench/startup.ts [rounds=5] [idle-seconds=3] [load-seconds=0]
 * Subjects: the bin as `npm start` runs it with a fresh build (compiled JS; the bench rebuilds it
 * first if a source changed), and the same bin forced onto the TypeScript sources through tsx
 * (PATCHBAY_FROM_SOURCE=1): the path every start took before the build.
 * With load-seconds > 0 the compiled server also takes the synchronous webhook benchmark's load
 * (one `set` step, 10 connections) and the peak RSS during it is printed.
 * RSS is read from /proc/<pid>/status (Linux). The spawn is `node <bin> serve`, not `npm start`:
 * npm itself adds its own start (~0.2–0.3 s) before Patchbay's.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { median } from './measure.ts';
import { report } from './result.ts';

const [rounds = 5, idleSeconds = 3, loadSeconds = 0] = process.argv.slice(2).map(Number);
const root = fileURLToPath(new URL('..', import.meta.url));
const TOKEN = 'bench-admin-token-0123456789abcdef';
const BIN = 'packages/cli/bin/patchbay.mjs';

interface Subject {
  name: string;
  args: (port: number) => string[];
  env: Record<string, string>;
}

const BARE_SERVER = `require('node:http').createServer((q, s) => s.end('{"status":"ok"}')).listen(+process.env.PORT, '127.0.0.1')`;
const subjects: Subject[] = [
  { name: 'bare node:http', args: () => ['-e', BARE_SERVER], env: {} },
  { name: 'patchbay serve (compiled)', args: () => [BIN, 'serve'], env: { PATCHBAY_COMPILED_ONLY: '1' } },
  { name: 'patchbay serve (tsx, source)', args: () => [BIN, 'serve'], env: { PATCHBAY_FROM_SOURCE: '1' } },
];

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** VmRSS of a process in MB, or NaN when /proc is not there. */
function rssMb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? Number.NaN : Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls /health every 5 ms until it answers 200; the time from `since` in ms. */
async function firstAnswer(child: ChildProcess, url: string, since: number, output: () => string): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode} before answering: ${output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - since;
    } catch {
      // Not listening yet.
    }
    if (performance.now() - since > 30_000) throw new Error(`no answer after 30 s: ${output()}`);
    await sleep(5);
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

interface Started {
  child: ChildProcess;
  base: string;
  startMs: number;
  dataDir: string;
}

/** Rebuilds the bundle when the sources changed (people may be editing them while this runs). */
function buildIfStale(): void {
  const built = spawnSync(process.execPath, ['scripts/build-server.mjs', '--if-stale'], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
}

/** Starts a subject; the compiled one is retried after a rebuild if a source changed in between. */
async function start(subject: Subject): Promise<Started> {
  const compiled = subject.env.PATCHBAY_COMPILED_ONLY === '1';
  for (let attempt = 1; ; attempt++) {
    if (compiled) buildIfStale();
    try {
      return await startOnce(subject);
    } catch (err) {
      if (!compiled || attempt === 3) throw err;
    }
  }
}

async function startOnce(subject: Subject): Promise<Started> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'patchbay-startup-'));
  const env = { ...process.env, ...subject.env, PORT: String(port), PATCHBAY_DATA_DIR: dataDir, PATCHBAY_ADMIN_TOKEN: TOKEN, PATCHBAY_LOG_LEVEL: 'warn' };
  const since = performance.now();
  const child = spawn(process.execPath, subject.args(port), { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d: Buffer) => {
    output += d.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  try {
    const startMs = await firstAnswer(child, `${base}/health`, since, () => output);
    return { child, base, startMs, dataDir };
  } catch (err) {
    await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

async function api(base: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });
  const json: unknown = await res.json();
  if (!res.ok || typeof json !== 'object' || json === null) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return Object.fromEntries(Object.entries(json));
}

/** The synchronous webhook benchmark's recipe under load; the peak RSS sampled every 100 ms. */
async function rssUnderLoad(started: Started): Promise<{ peakMb: number; rps: number }> {
  const recipe = await api(started.base, '/api/v1/recipes', {
    name: 'bench',
    connections: {},
    trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'last_step' } },
    steps: [{ id: 'compute', type: 'set', values: { greeting: 'Hello {{ trigger.body.name }}', total: '{{ trigger.body.amount * 2 }}' } }],
  });
  const running = await api(started.base, `/api/v1/recipes/${String(recipe.id)}/start`, {});
  let peakMb = 0;
  const sampler = setInterval(() => {
    peakMb = Math.max(peakMb, rssMb(started.child.pid));
  }, 100);
  const body = JSON.stringify({ name: 'Ada', amount: 21 });
  const result = await autocannon({ url: String(running.webhookUrl), method: 'POST', connections: 10, duration: loadSeconds, body, headers: { 'content-type': 'application/json' } });
  clearInterval(sampler);
  if (result.non2xx + result.errors > 0) throw new Error(`load: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { peakMb, rps: result.requests.average };
}

const figures = new Map<string, { startMs: number[]; idleMb: number[] }>(subjects.map((s) => [s.name, { startMs: [], idleMb: [] }]));
// Rounds interleave the subjects, so a noisy moment on the machine lands on all of them.
for (let round = 0; round < rounds; round++) {
  for (const subject of subjects) {
    const started = await start(subject);
    try {
      await sleep(idleSeconds * 1000);
      const entry = figures.get(subject.name);
      entry?.startMs.push(started.startMs);
      entry?.idleMb.push(rssMb(started.child.pid));
    } finally {
      await stop(started.child);
      rmSync(started.dataDir, { recursive: true, force: true });
    }
  }
}

console.log(`start → first 200 from /health, and RSS after ${idleSeconds} s idle; fresh data dir each time; median of ${rounds} rounds`);
const bare = figures.get(subjects[0]?.name ?? '');
for (const [name, f] of figures) {
  const startMs = median(f.startMs);
  const ratio = bare ? ` (${(startMs / median(bare.startMs)).toFixed(1)}× bare)` : '';
  const spread = `${Math.min(...f.startMs).toFixed(0)}–${Math.max(...f.startMs).toFixed(0)}`;
  console.log(`${name.padEnd(30)} start ${startMs.toFixed(0).padStart(5)} ms [${spread}]${ratio.padEnd(12)}  idle RSS ${median(f.idleMb).toFixed(0).padStart(4)} MB`);
}
const [bareFigures, compiledFigures, tsxFigures] = subjects.map((s) => figures.get(s.name));
if (bareFigures && compiledFigures && tsxFigures) {
  report({ figure: 'start → first answer, compiled', value: median(compiledFigures.startMs), unit: 'ms', baseline: 'the same start through tsx', baselineValue: median(tsxFigures.startMs), better: 'lower' });
  report({ figure: 'idle RSS, compiled', value: median(compiledFigures.idleMb), unit: 'MB', baseline: 'bare node:http idle RSS', baselineValue: median(bareFigures.idleMb), better: 'lower' });
}

if (loadSeconds > 0) {
  const compiled = subjects[1];
  if (compiled) {
    const started = await start(compiled);
    try {
      const { peakMb, rps } = await rssUnderLoad(started);
      console.log(`${compiled.name}: peak RSS ${peakMb.toFixed(0)} MB under ${loadSeconds} s of synchronous webhooks (${rps.toFixed(0)} req/s, 10 connections)`);
      const idle = figures.get(compiled.name);
      if (idle) report({ figure: 'peak RSS under sync webhook load, compiled', value: peakMb, unit: 'MB', baseline: 'its idle RSS', baselineValue: median(idle.idleMb), better: 'lower' });
    } finally {
      await stop(started.child);
      rmSync(started.dataDir, { recursive: true, force: true });
    }
  }
}
