import { syntaxError } from './errors.ts';

export type TokenKind = 'word' | 'string' | 'operator' | 'lparen' | 'rparen' | 'comma' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Unquoted text for strings; upper-cased `AND`/`OR`/`NOT` for `&&`, `||`, `!`. */
  text: string;
  offset: number;
}

const COMPARISONS = ['!=', '!~', '>=', '<=', '=', '~', '>', '<'];
/** Characters that end an unquoted word: `PB-12`, `-5d`, `cf[10010]` and `2025-01-10` stay whole. */
const WORD_STOP = /[\s()=!<>~,"'&|]/;

export function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const c = jql.charAt(i);
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma', text: c, offset: i });
      i += 1;
    } else if (c === '"' || c === "'") {
      i = readString(jql, i, tokens);
    } else if (jql.startsWith('&&', i) || jql.startsWith('||', i)) {
      tokens.push({ kind: 'word', text: c === '&' ? 'AND' : 'OR', offset: i });
      i += 2;
    } else {
      const operator = COMPARISONS.find((op) => jql.startsWith(op, i));
      if (operator) {
        tokens.push({ kind: 'operator', text: operator, offset: i });
        i += operator.length;
      } else if (c === '!') {
        tokens.push({ kind: 'word', text: 'NOT', offset: i });
        i += 1;
      } else {
        const start = i;
        while (i < jql.length && !WORD_STOP.test(jql.charAt(i))) i += 1;
        if (i === start) throw syntaxError(jql, `The character '${c}' is a reserved JQL character. You must enclose it in a string or use the escape '\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}' instead.`, start);
        tokens.push({ kind: 'word', text: jql.slice(start, i), offset: start });
      }
    }
  }
  tokens.push({ kind: 'eof', text: '', offset: jql.length });
  return tokens;
}

function readString(jql: string, start: number, tokens: Token[]): number {
  const quote = jql.charAt(start);
  let text = '';
  let i = start + 1;
  while (i < jql.length && jql.charAt(i) !== quote) {
    if (jql.charAt(i) === '\\' && i + 1 < jql.length) i += 1;
    text += jql.charAt(i);
    i += 1;
  }
  if (i >= jql.length) throw syntaxError(jql, `The quoted string '${text}' has not been completed.`, start);
  tokens.push({ kind: 'string', text, offset: start });
  return i + 1;
}
