/**
 * The `fields` parameter of GET issue and search (§10): a comma-separated list, possibly repeated
 * (`fields=summary&fields=updated`), of field ids, `*all`, `*navigable` and `-id` exclusions. `id`
 * and `key` name no field; a list of nothing else asks for ids only, the search default.
 */
export class FieldSelection {
  private constructor(
    private readonly all: boolean,
    private readonly navigable: boolean,
    private readonly named: ReadonlySet<string>,
    private readonly excluded: ReadonlySet<string>,
    /** Only `id` was asked for: search answers `{ id }` alone. */
    readonly idOnly: boolean,
  ) {}

  static parse(raw: readonly string[], fallback: '*all' | 'id'): FieldSelection {
    const tokens = raw.flatMap((value) => value.split(',')).map((t) => t.trim()).filter(Boolean);
    const effective = tokens.length > 0 ? tokens : [fallback];
    const named = new Set<string>();
    const excluded = new Set<string>();
    let all = false;
    let navigable = false;
    for (const token of effective) {
      if (token === '*all') all = true;
      else if (token === '*navigable') navigable = true;
      else if (token.startsWith('-')) excluded.add(token.slice(1));
      else if (token !== 'id' && token !== 'key') named.add(token);
    }
    const idOnly = effective.every((t) => t === 'id');
    return new FieldSelection(all, navigable, named, excluded, idOnly);
  }

  includes(fieldId: string, isNavigable: boolean): boolean {
    if (this.excluded.has(fieldId)) return false;
    return this.all || (this.navigable && isNavigable) || this.named.has(fieldId);
  }

  /** Fields named explicitly: these decide whether search may return up to 5000 issues a page. */
  get namesFieldsBeyondKey(): boolean {
    return this.all || this.navigable || this.named.size > 0;
  }
}

/** `expand` as a set: comma-separated, possibly repeated; jira.js sends `false` for "none". */
export function parseExpand(raw: readonly string[]): Set<string> {
  return new Set(raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '' && v !== 'false'));
}
