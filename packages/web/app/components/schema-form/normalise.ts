type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The one `type` every alternative of a choice (`anyOf: [{ type: 'string', const: 'a' }, …]`) shares, if all are constants. */
function choiceType(alternatives: unknown): string | undefined {
  if (!Array.isArray(alternatives) || alternatives.length === 0) return undefined;
  const types = new Set<unknown>();
  for (const alternative of alternatives) {
    if (!isRecord(alternative) || !('const' in alternative)) return undefined;
    types.add(alternative.type ?? typeof alternative.const);
  }
  const [only] = types;
  return types.size === 1 && typeof only === 'string' ? only : undefined;
}

/**
 * Schemas as the API writes them, made what rjsf renders well: a choice between constants
 * (TypeBox's union of literals: `anyOf` of `{ const }` without a `type` beside it) gets the type its
 * alternatives share, so rjsf shows one select (labelled by each alternative's title) instead of
 * "unsupported field". Everything else is copied unchanged.
 */
export function normaliseSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(normaliseSchema);
  if (!isRecord(schema)) return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) out[key] = key === 'const' || key === 'default' || key === 'enum' || key === 'examples' ? value : normaliseSchema(value);
  if (out.type === undefined) {
    const type = choiceType(out.anyOf) ?? choiceType(out.oneOf);
    if (type) out.type = type;
  }
  return out;
}
