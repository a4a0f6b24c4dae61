import { type Position, SoqlError } from './soql-error.ts';

/**
 * SOQL tokens. Keywords are words the parser recognises case-insensitively; a dotted path
 * (`Account.Name`) is one word. Date and dateTime literals are unquoted (§19) and must be told
 * apart from numbers before the number rule sees their leading digits.
 */
export type TokenKind = 'word' | 'string' | 'number' | 'date' | 'datetime' | 'operator' | '(' | ')' | ',' | ':' | 'eof';

export interface Token extends Position {
  kind: TokenKind;
  /** The token as written. */
  text: string;
  /** A string literal's unescaped value; otherwise the text. */
  value: string;
}

const WORD = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\dT])/;
const NUMBER = /^-?\d+(?:\.\d+)?/;
const OPERATOR = /^(?:<=|>=|!=|<>|=|<|>)/;
const PUNCTUATION = new Set<string>(['(', ')', ',', ':']);
const isPunctuation = (char: string): char is '(' | ')' | ',' | ':' => PUNCTUATION.has(char);

/** Escapes allowed in SOQL strings. `\%` and `\_` stay escaped: they mean a literal % or _ in LIKE. */
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\', '%': '\\%', _: '\\_' };

export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  let row = 1;
  let lineStart = 0;
  const position = (at: number): Position => ({ row, column: at - lineStart + 1 });

  while (index < soql.length) {
    const char = soql.charAt(index);
    if (char === '\n') {
      index += 1;
      row += 1;
      lineStart = index;
      continue;
    }
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    const rest = soql.slice(index);
    const at = position(index);
    const push = (kind: TokenKind, text: string, value = text) => {
      tokens.push({ kind, text, value, ...at });
      index += text.length;
    };
    if (char === "'") {
      const { text, value } = readString(soql, index, at);
      push('string', text, value);
      continue;
    }
    const match = (pattern: RegExp) => pattern.exec(rest)?.[0];
    const word = match(WORD);
    if (word) { push('word', word); continue; }
    const datetime = match(DATETIME);
    if (datetime) { push('datetime', datetime); continue; }
    const date = match(DATE);
    if (date) { push('date', date); continue; }
    const number = match(NUMBER);
    if (number) { push('number', number); continue; }
    const operator = match(OPERATOR);
    if (operator) { push('operator', operator); continue; }
    if (isPunctuation(char)) { push(char, char); continue; }
    // Salesforce's lexer counts this column from 0 (`line 1:34 no viable alternative …`).
    throw new SoqlError('MALFORMED_QUERY', `line ${row}:${at.column - 1} no viable alternative at character '${char}'`, at);
  }
  tokens.push({ kind: 'eof', text: '<EOF>', value: '', ...position(index) });
  return tokens;
}

function readString(soql: string, start: number, at: Position): { text: string; value: string } {
  let value = '';
  let index = start + 1;
  while (index < soql.length) {
    const char = soql.charAt(index);
    if (char === "'") return { text: soql.slice(start, index + 1), value };
    if (char === '\\') {
      const escaped = ESCAPES[soql.charAt(index + 1)];
      if (escaped === undefined) throw new SoqlError('MALFORMED_QUERY', `Invalid string literal '${soql.slice(start, index + 2)}'. Illegal character sequence '\\${soql.charAt(index + 1)}' in string literal.`, at);
      value += escaped;
      index += 2;
      continue;
    }
    value += char;
    index += 1;
  }
  throw new SoqlError('MALFORMED_QUERY', `line ${at.row}:${at.column - 1} mismatched character '<EOF>' expecting '''`, at);
}
