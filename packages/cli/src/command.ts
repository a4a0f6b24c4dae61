import type { ParseArgsConfig } from 'node:util';

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** Where a command writes; streams in production, buffers in tests. */
export interface Io {
  env: NodeJS.ProcessEnv;
  cwd: string;
  out(text: string): void;
  err(text: string): void;
  /**
   * A person watches stdout (a terminal): long operations then show their progress. False in a pipe,
   * a log or a test, where only the result is printed. Default false.
   */
  isTTY?: boolean;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export interface Command {
  /** The words that select it, e.g. `['connections', 'list']`. */
  path: readonly string[];
  summary: string;
  /** Shown by --help under the summary: arguments and options, one per line. */
  usage: string;
  options?: OptionsConfig;
  /** How many positionals it takes. Default 0. */
  positionals?: readonly string[];
  /** The last positional may be given more than once (at least once). Default false. */
  variadic?: boolean;
  /** Positionals after `positionals` that may be left out (`jobs list [<recipeId>]`). Default none. */
  optionalPositionals?: readonly string[];
  /** Returns the exit code. */
  run(args: ParsedArgs, io: Io): Promise<number>;
}

/** A mistake the user can fix (bad argument, missing token): printed as `error: …` without a stack. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function stringListOption(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

export const JSON_OPTION: OptionsConfig = { json: { type: 'boolean' } };
