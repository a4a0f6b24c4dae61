import { CliError, type ParsedArgs } from '../../command.ts';

/** `/api/v1/recipes/<id><suffix>` with the id from the first positional, encoded. */
export function recipePath(args: ParsedArgs, suffix = ''): string {
  const id = args.positionals[0];
  if (!id) throw new CliError('give the recipe id, e.g. "patchbay recipes show rcp_…" (see "patchbay recipes list").', 2);
  return `/api/v1/recipes/${encodeURIComponent(id)}${suffix}`;
}
