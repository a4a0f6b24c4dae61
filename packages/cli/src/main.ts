import { run } from './run.ts';

const exitCode = await run(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTTY: process.stdout.isTTY === true,
});
// Let stdout drain instead of process.exit(): a piped `--json` output is never cut short.
process.exitCode = exitCode;
