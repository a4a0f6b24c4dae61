import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

/** A worker OS process (`node --import tsx worker-process.ts`) and the lines it prints. */
export interface WorkerChild {
  proc: ChildProcess;
  lines: string[];
  /** Resolves with the first line that starts with `prefix` (already printed or to come). */
  line(prefix: string, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string | null>;
}

export function startWorker(env: Record<string, string>): WorkerChild {
  const proc = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters: { prefix: string; resolve: (line: string) => void }[] = [];
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const w of waiters.filter((w) => line.startsWith(w.prefix))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(line);
    }
  });
  const exited = new Promise<number | string | null>((resolve) => proc.on('exit', (code, signal) => resolve(code ?? signal)));
  return {
    proc,
    lines,
    exited,
    line(prefix, timeoutMs = 20_000) {
      const seen = lines.find((l) => l.startsWith(prefix));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const settle = (fn: () => void) => (clearTimeout(timer), fn());
        const timer = setTimeout(() => reject(new Error(`worker ${proc.pid} printed no "${prefix}" line in ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ prefix, resolve: (l) => settle(() => resolve(l)) });
        void exited.then((code) => settle(() => reject(new Error(`worker ${proc.pid} exited (${code}) before printing "${prefix}"`))));
      });
    },
  };
}
