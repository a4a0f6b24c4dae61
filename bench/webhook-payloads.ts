/**
 * What encrypting job payloads at rest costs a webhook: two real servers (SQLite) from the same
 * sources, one sealing payloads with the installation's key (as every server does) and one storing
 * them as plain JSON (`plaintextPayloads`, the baseline: what a job cost before encryption). Each
 * runs the same `set`-step recipe answering synchronously (`last_step`) and accepted (202, job run
 * by the queue). autocannon drives one server and path at a time, alternating, and the CPU time the
 * server process used (from /proc) is divided by the events it handled — for `accepted` until every
 * job has run. CPU per event is the firm figure; requests/s moves with the machine.
 *   npx tsx bench/webhook-payloads.ts [seconds=5] [connections=10] [rounds=3]
 * (The servers run their TypeScript through tsx, unlike `patchbay serve`'s bundle: both alike.)
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { loadConfig } from '../packages/core/src/index.ts';
import { plaintextPayloads } from '../packages/engine/src/jobs/payloads.ts';
import { startPatchbay } from '../packages/server/src/start.ts';
import { median } from './measure.ts';
import { report } from './result.ts';
import { TOKEN, startChild, startSetRecipe } from './server-process.ts';

const SERVE_FLAG = '--serve';

if (process.argv[2] === SERVE_FLAG) {
  // A child: one server, sealing or not; the driver below reads the line printed once it listens.
  const plain = process.argv[3] === 'plain';
  const running = await startPatchbay(loadConfig(process.env), plain ? { payloads: plaintextPayloads } : {});
  console.log(`listening on ${running.url}`);
  process.once('SIGTERM', () => void running.close().then(() => process.exit(0)));
} else {
  await drive();
}

type Path = 'last_step' | 'accepted';
interface Subject {
  name: 'plain' | 'sealed';
  pid: number;
  stop(): void;
  dataDir: string;
  recipes: Record<Path, { id: string; url: string }>;
  succeeded(recipeId: string): number;
  backlog(recipeId: string): number;
}

/** User + system CPU time of a process so far, in µs (Linux clock ticks are 10 ms: long rounds). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

async function startSubject(name: Subject['name']): Promise<Subject> {
  const dataDir = mkdtempSync(join(tmpdir(), `patchbay-bench-${name}-`));
  const env = { PORT: '0', PATCHBAY_DATA_DIR: dataDir, PATCHBAY_ADMIN_TOKEN: TOKEN, PATCHBAY_LOG_LEVEL: 'warn' };
  const { child, match } = await startChild(['--import', 'tsx', 'bench/webhook-payloads.ts', SERVE_FLAG, name], env, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
  const base = match[1] ?? '';
  const recipes = { last_step: await startSetRecipe(base, 'last_step'), accepted: await startSetRecipe(base, 'accepted') };
  // Read-only look at the server's own file (WAL: readers never block its writer).
  const db = new Database(join(dataDir, 'patchbay.db'), { readonly: true, fileMustExist: true });
  const count = (sql: string) => {
    const statement = db.prepare(sql).pluck();
    return (recipeId: string) => Number(statement.get(recipeId));
  };
  return {
    name,
    pid: child.pid ?? 0,
    dataDir,
    recipes,
    succeeded: count("SELECT count(*) FROM jobs WHERE recipe_id = ? AND status = 'succeeded'"),
    backlog: count("SELECT count(*) FROM jobs WHERE recipe_id = ? AND status IN ('queued', 'running')"),
    stop() {
      db.close();
      child.kill('SIGTERM');
    },
  };
}

interface Figures {
  rps: number;
  p99: number;
  cpuPerEvent: number;
  events: number;
  errors: number;
}

async function round(subject: Subject, path: Path, seconds: number, connections: number): Promise<Figures> {
  const { id, url } = subject.recipes[path];
  const before = { cpu: cpuMicros(subject.pid), done: subject.succeeded(id) };
  const expected = path === 'accepted' ? 202 : 200;
  const result = await autocannon({ url, method: 'POST', connections, duration: seconds, body: JSON.stringify({ name: 'Ada', amount: 21 }), headers: { 'content-type': 'application/json' } });
  // Requests still in flight when autocannon stopped land; then every accepted job must have run.
  await new Promise((r) => setTimeout(r, 200));
  const drainStart = performance.now();
  while (subject.backlog(id) > 0 && performance.now() - drainStart < 60_000) await new Promise((r) => setTimeout(r, 50));
  const events = subject.succeeded(id) - before.done;
  const unexpected = Object.entries(result.statusCodeStats ?? {}).filter(([code]) => Number(code) !== expected).reduce((n, [, s]) => n + (s.count ?? 0), 0);
  return { rps: result.requests.average, p99: result.latency.p99, cpuPerEvent: (cpuMicros(subject.pid) - before.cpu) / Math.max(1, events), events, errors: result.errors + unexpected };
}

async function drive(): Promise<void> {
  const [seconds = 5, connections = 10, rounds = 3] = process.argv.slice(2).map(Number);
  const subjects = [await startSubject('plain'), await startSubject('sealed')];
  try {
    const figures = new Map<string, Figures[]>();
    // Warm-up, not counted: JIT, statement caches, the WAL's first growth.
    for (const subject of subjects) for (const path of ['last_step', 'accepted'] as const) await round(subject, path, Math.min(seconds, 3), connections);
    for (let r = 0; r < rounds; r++) {
      for (const path of ['last_step', 'accepted'] as const) {
        // Alternating order per round: neither server always runs on the warmer machine.
        for (const subject of r % 2 === 0 ? subjects : [...subjects].reverse()) {
          const key = `${path} ${subject.name}`;
          figures.set(key, [...(figures.get(key) ?? []), await round(subject, path, seconds, connections)]);
        }
      }
    }
    console.log(`${seconds} s × ${rounds} rounds, ${connections} connections, median of rounds (SQLite)`);
    const summary = (key: string) => {
      const rs = figures.get(key) ?? [];
      return { rps: median(rs.map((f) => f.rps)), p99: median(rs.map((f) => f.p99)), cpu: median(rs.map((f) => f.cpuPerEvent)), errors: rs.reduce((n, f) => n + f.errors, 0) };
    };
    for (const path of ['last_step', 'accepted'] as const) {
      const plain = summary(`${path} plain`);
      const sealed = summary(`${path} sealed`);
      for (const [name, s] of [['plain', plain], ['sealed', sealed]] as const) {
        console.log(`${path.padEnd(9)} ${name.padEnd(6)} ${s.rps.toFixed(0).padStart(6)} req/s  p99 ${s.p99} ms  ${s.cpu.toFixed(0).padStart(5)} µs CPU/event  errors ${s.errors}`);
      }
      // Each round's sealed/plain ratio, then their median: rounds differ more than the servers do.
      const ratios = (figures.get(`${path} sealed`) ?? []).map((f, i) => f.cpuPerEvent / (figures.get(`${path} plain`)?.[i]?.cpuPerEvent ?? f.cpuPerEvent));
      console.log(`${path.padEnd(9)} sealed/plain CPU per event: ×${median(ratios).toFixed(3)} (median of rounds: ${ratios.map((r) => r.toFixed(2)).join(' ')}); +${(sealed.cpu - plain.cpu).toFixed(0)} µs; req/s ×${(sealed.rps / plain.rps).toFixed(3)}`);
      report({ figure: `CPU per event, payloads sealed (${path})`, value: sealed.cpu, unit: 'µs', baseline: 'payloads as plain JSON', baselineValue: plain.cpu, ratio: median(ratios), better: 'lower' });
    }
  } finally {
    for (const subject of subjects) {
      subject.stop();
      rmSync(subject.dataDir, { recursive: true, force: true });
    }
  }
}
