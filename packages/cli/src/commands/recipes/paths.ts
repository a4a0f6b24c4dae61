import { CliError, type ParsedArgs } from '../../command.ts';

/** The recipe id from the first positional; the client encodes it into the path. */
export function recipeId(args: ParsedArgs): string {
  const id = args.positionals[0];
  if (!id) throw new CliError('give the recipe id, e.g. "patchbay recipes show rcp_…" (see "patchbay recipes list").', 2);
  return id;
}
