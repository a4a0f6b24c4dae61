import type { Io } from '../command.ts';
import { cleanEnv } from './run-cli.ts';

/** An `Io` that keeps what a command writes, for running commands in the test's own process. */
export function captureIo(cwd: string, options: { isTTY?: boolean; env?: Record<string, string> } = {}): Io & { stdout: () => string; stderr: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    env: cleanEnv(options.env),
    cwd,
    isTTY: options.isTTY ?? false,
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    stdout: () => stdout,
    stderr: () => stderr,
  };
}
