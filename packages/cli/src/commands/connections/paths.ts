import { CliError, type ParsedArgs } from '../../command.ts';

/** The connection id from the first positional; the client encodes it into the path. */
export function connectionId(args: ParsedArgs): string {
  const id = args.positionals[0];
  if (!id) throw new CliError('give the connection id, e.g. "patchbay connections show conn_…".', 2);
  return id;
}
