import type { Io } from './command.ts';

/**
 * Progress lines for a person at a terminal, on stderr so that they never mix with the result;
 * nothing in a pipe or a log, where the final result says it all.
 */
export function progressTo(io: Io): (line: string) => void {
  return io.isTTY === true ? (line) => io.err(`${line}\n`) : () => {};
}

/** Calls `show` for every `n`th of `total` items and for the last one. */
export function everyNth(n: number, show: (done: number, total: number) => void): (done: number, total: number) => void {
  return (done, total) => {
    if (done % n === 0 || done === total) show(done, total);
  };
}
