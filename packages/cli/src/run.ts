import { parseArgs } from 'node:util';
import { ConfigError } from '@patchbay/core';
import { CliError, type Command, type Io } from './command.ts';
import { COMMANDS } from './commands/index.ts';

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

function commandName(command: Command): string {
  return `patchbay ${command.path.join(' ')}`;
}

function overview(commands: readonly Command[], prefix: readonly string[]): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  const lines = commands.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  const head = prefix.length === 0 ? 'Usage: patchbay <command> [options]' : `Usage: patchbay ${prefix.join(' ')} <command> [options]`;
  return `${head}\n\nCommands:\n${lines.join('\n')}\n\nRun "patchbay <command> --help" for its options.\n`;
}

function helpOf(command: Command): string {
  const args = (command.positionals ?? []).map((p) => ` <${p}>`).join('') + (command.variadic ? '…' : '') + (command.optionalPositionals ?? []).map((p) => ` [<${p}>]`).join('');
  return `Usage: ${commandName(command)}${args} [options]\n\n${command.summary}\n\n${command.usage}\n`;
}

/** The command named by the leading words of argv; the rest are its arguments. */
function select(argv: readonly string[]): { command: Command; rest: string[] } | undefined {
  const command = COMMANDS.find((c) => c.path.every((word, i) => argv[i] === word));
  return command ? { command, rest: argv.slice(command.path.length) } : undefined;
}

const isHelp = (word: string | undefined) => word === '--help' || word === '-h' || word === 'help';

/** Runs the CLI and returns its exit code: 0 ok, 1 failed (API error, failed test), 2 usage or configuration error. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  try {
    const selected = select(argv);
    if (!selected) return unknownCommand(argv, io);
    const { command, rest } = selected;
    const parsed = parseCommandArgs(command, rest);
    if (parsed.values.help === true) {
      io.out(helpOf(command));
      return 0;
    }
    return await command.run(parsed, io);
  } catch (err) {
    return report(err, io);
  }
}

/** `patchbay`, `patchbay --help`, `patchbay connections`, or a typo: show what exists. */
function unknownCommand(argv: readonly string[], io: Io): number {
  const [first, second] = argv;
  const group = COMMANDS.filter((c) => c.path.length > 1 && c.path[0] === first);
  if (first === undefined || isHelp(first)) {
    io.out(overview(COMMANDS, []));
    return 0;
  }
  if (group.length > 0) {
    if (isHelp(second)) {
      io.out(overview(group, [first]));
      return 0;
    }
    const what = second === undefined ? `"patchbay ${first}" needs a command` : `unknown command "${first} ${second}"`;
    io.err(`error: ${what}\n\n${overview(group, [first])}`);
    return 2;
  }
  io.err(`error: unknown command "${first}"\n\n${overview(COMMANDS, [])}`);
  return 2;
}

function parseCommandArgs(command: Command, args: string[]) {
  const expected = command.positionals ?? [];
  try {
    const parsed = parseArgs({ args, options: { ...command.options, ...HELP_OPTION }, allowPositionals: true, strict: true });
    const count = parsed.positionals.length;
    const optional = command.optionalPositionals?.length ?? 0;
    const fits = command.variadic ? count >= expected.length : count >= expected.length && count <= expected.length + optional;
    if (parsed.values.help !== true && !fits) {
      const names = [...expected.map((p) => `<${p}>`), ...(command.optionalPositionals ?? []).map((p) => `[<${p}>]`)];
      const wanted = names.length === 0 ? 'no arguments' : names.join(' ') + (command.variadic ? '…' : '');
      throw new CliError(`${commandName(command)} takes ${wanted}; see "${commandName(command)} --help".`, 2);
    }
    return parsed;
  } catch (err) {
    if (err instanceof CliError) throw err;
    // parseArgs explains unknown options and missing values clearly; add where to look.
    const message = err instanceof Error ? err.message : String(err);
    throw new CliError(`${message}\nSee "${commandName(command)} --help".`, 2);
  }
}

function report(err: unknown, io: Io): number {
  if (err instanceof ConfigError) {
    io.err(`${err.message}\n`);
    return 2;
  }
  if (err instanceof CliError) {
    io.err(`error: ${err.message}\n`);
    return err.exitCode;
  }
  // Start-up failures (wrong master key, unreachable database) are the user's to fix too: the message
  // says what to do; the stack helps only developers, so it needs PATCHBAY_DEBUG=1.
  const message = err instanceof Error ? err.message : String(err);
  io.err(`error: ${message}\n`);
  if (io.env.PATCHBAY_DEBUG === '1' && err instanceof Error && err.stack) io.err(`${err.stack}\n`);
  return 1;
}
