import { CliError, type ParsedArgs } from '../../command.ts';

/** `/api/v1/connections/<id><suffix>` with the id from the first positional, encoded. */
export function connectionPath(args: ParsedArgs, suffix = ''): string {
  const id = args.positionals[0];
  if (!id) throw new CliError('give the connection id, e.g. "patchbay connections show conn_…".', 2);
  return `/api/v1/connections/${encodeURIComponent(id)}${suffix}`;
}
