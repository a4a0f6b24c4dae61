export { run } from './run.ts';
export { CliError, type Command, type Io } from './command.ts';
