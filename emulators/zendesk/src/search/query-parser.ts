/**
 * Zendesk's search query language, the subset the emulator answers (§9): space-separated terms,
 * each either free text (`printer`, `"on fire"`, `print*`) or `key` + operator + value
 * (`status:open`, `status<solved`, `created>=2024-01-01`, `name:"Acme Corp"`), optionally negated
 * with a leading `-` (`-tags:spam`). Keys are case-insensitive; values keep their case for display
 * but are compared without it.
 */
export type SearchOperator = ':' | '<' | '>' | '<=' | '>=';

export interface SearchTerm {
  /** Undefined for free text. */
  key: string | undefined;
  operator: SearchOperator;
  value: string;
  negated: boolean;
  /** The value was quoted: a phrase, matched as a whole. */
  quoted: boolean;
}

// An optional `-`, an optional `key` with its operator, then a quoted or bare value. `<=`/`>=` are
// listed before `<`/`>` so the longer operator wins.
const TERM = /(-)?(?:([a-z_][a-z0-9_]*)(<=|>=|:|<|>))?(?:"([^"]*)"?|(\S+))/gi;

export function parseQuery(query: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  for (const match of query.matchAll(TERM)) {
    const [, minus, key, operator, quotedValue, bareValue] = match;
    const value = quotedValue ?? bareValue ?? '';
    if (value === '' && quotedValue === undefined) continue;
    terms.push({
      key: key?.toLowerCase(),
      operator: isOperator(operator) ? operator : ':',
      value,
      negated: minus === '-',
      quoted: quotedValue !== undefined,
    });
  }
  return terms;
}

function isOperator(text: string | undefined): text is SearchOperator {
  return text === ':' || text === '<' || text === '>' || text === '<=' || text === '>=';
}

/** `print*` matches `printer`; otherwise equality, both without case. */
export function textEquals(pattern: string, candidate: string | null | undefined): boolean {
  if (candidate === null || candidate === undefined) return false;
  return wildcard(pattern, true).test(candidate);
}

/** Free text: every word of the pattern appears in the text (a phrase appears as a whole). */
export function textContains(pattern: string, candidate: string | null | undefined, phrase: boolean): boolean {
  if (candidate === null || candidate === undefined) return false;
  if (phrase) return candidate.toLowerCase().includes(pattern.toLowerCase());
  const words = candidate.toLowerCase().split(/[^\p{L}\p{N}_@.-]+/u);
  return words.some((word) => wildcard(pattern, true).test(word));
}

function wildcard(pattern: string, whole: boolean): RegExp {
  const body = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(whole ? `^${body}$` : body, 'i');
}
