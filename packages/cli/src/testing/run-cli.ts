import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/patchbay.mjs', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/patchbay.mjs …` as a child process, exactly as a user would. */
export function runCli(args: string[], options: { cwd: string; env?: Record<string, string>; input?: string }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: cleanEnv(options.env), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** The parent's PATCHBAY_* variables must not leak into the CLI under test. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('PATCHBAY_') && key !== 'HOST' && key !== 'PORT') env[key] = value;
  }
  return { ...env, ...extra };
}

/** A long-running `patchbay` process (serve, worker) started by a test. */
export interface PatchbayProcess {
  child: ChildProcess;
  /** Everything it has written so far, stdout and stderr. */
  output: () => string;
  /** How it ended: an exit code, or the signal that killed it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (a graceful stop), then waits for the exit code. */
  stop(): Promise<number | null>;
}

export interface ServeProcess extends PatchbayProcess {
  url: string;
}

interface StartOptions {
  cwd: string;
  env?: Record<string, string>;
  /** After the command, e.g. `['--no-workers']`. */
  args?: string[];
}

/** Starts `patchbay <command>` and resolves once its output matches `ready`, with the match. */
export function startUntilReady(command: string, options: StartOptions, ready: RegExp, env: Record<string, string>): Promise<{ started: PatchbayProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, [BIN, command, ...(options.args ?? [])], {
    cwd: options.cwd,
    env: cleanEnv({ ...env, ...options.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const started: PatchbayProcess = {
    child,
    output: () => output,
    exited,
    stop: () => {
      child.kill('SIGTERM');
      return exited.then(({ code }) => code);
    },
  };
  return new Promise((resolve, reject) => {
    let isReady = false;
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      const match = isReady ? null : ready.exec(output);
      if (match) {
        isReady = true;
        resolve({ started, match });
      }
    });
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    void exited.then(({ code, signal }) => reject(new Error(`patchbay ${command} exited with ${code ?? signal} before it was ready:\n${output}`)));
  });
}

/** Starts `patchbay serve` on a free port and waits for the line that says where it listens. */
export async function startServe(options: StartOptions): Promise<ServeProcess> {
  const { started, match } = await startUntilReady('serve', options, /Patchbay is listening on (http:\/\/\S+) /, { PORT: '0', PATCHBAY_LOG_LEVEL: 'warn' });
  return { ...started, url: match[1] ?? '' };
}

/** Starts `patchbay worker` and waits for the line that says it runs. */
export async function startWorker(options: StartOptions): Promise<PatchbayProcess> {
  const { started } = await startUntilReady('worker', options, /Patchbay worker is running on /, { PATCHBAY_LOG_LEVEL: 'warn' });
  return started;
}

/**
 * Calls a running server's API as `token`, for tests and benchmarks: JSON in and out, and a non-2xx
 * answer throws with its body. `baseUrl` is read at each call, so a test that restarts its server
 * keeps one caller. The answer's type is the caller's word for it (these are our own servers).
 */
export function apiCaller(token: string, baseUrl: () => string) {
  return async <T>(method: string, path: string, json?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };
}
