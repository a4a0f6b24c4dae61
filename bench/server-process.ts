/**
 * What the HTTP benchmarks share: a child process started from the repository's root and awaited
 * until its output matches `ready`, and the admin API of the `patchbay serve` they start.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const TOKEN = 'bench-admin-token-0123456789abcdef';

export function startChild(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = ready.exec(output);
      if (match) resolve({ child, match });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`child exited ${code}: ${output}`)));
  });
}

/** A call to the server's API as the admin; throws on a non-2xx answer. */
export async function api(base: string, path: string, init: RequestInit = {}): Promise<unknown> {
  const res = await fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });
  const body: unknown = await res.json();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** `value[name]` of an answer read as unknown JSON. */
export function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && name in value ? Object.entries(value).find(([k]) => k === name)?.[1] : undefined;
}

/**
 * A real `patchbay serve` on a free port with `dataDir`, as the admin token's owner; with
 * BENCH_CPU_PROFILE=<dir> it writes a V8 CPU profile there (open it in Chrome's DevTools).
 */
export async function startServe(dataDir: string): Promise<{ child: ChildProcess; base: string }> {
  const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROFILE] : [];
  const env = { PORT: '0', PATCHBAY_DATA_DIR: dataDir, PATCHBAY_ADMIN_TOKEN: TOKEN, PATCHBAY_LOG_LEVEL: 'warn' };
  const { child, match } = await startChild([...profile, 'packages/cli/bin/patchbay.mjs', 'serve'], env, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
  return { child, base: match[1] ?? '' };
}

/**
 * User + system CPU time a process has used so far, in µs, from /proc (Linux; NaN elsewhere). The
 * kernel counts in 10 ms ticks: divide differences over seconds of load, not single requests.
 */
export function processCpuMicros(pid: number | undefined): number {
  try {
    // The fields after the command name (in parentheses, may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return Number.NaN;
  }
}

/**
 * The benchmarks' recipe, created and started through the API: webhook → one `set` step (a direct
 * path and an expression), answering `response`. Returns its id and webhook URL.
 */
export async function startSetRecipe(base: string, response: 'accepted' | 'last_step'): Promise<{ id: string; url: string }> {
  const recipe = await api(base, '/api/v1/recipes', {
    method: 'POST',
    body: JSON.stringify({
      name: `bench ${response}`,
      connections: {},
      trigger: { connector: 'webhook', trigger: 'webhook', input: { response } },
      steps: [{ id: 'compute', type: 'set', values: { greeting: 'Hello {{ trigger.body.name }}', total: '{{ trigger.body.amount * 2 }}' } }],
    }),
  });
  const id = String(field(recipe, 'id'));
  const started = await api(base, `/api/v1/recipes/${id}/start`, { method: 'POST', body: '{}' });
  return { id, url: String(field(started, 'webhookUrl')) };
}
