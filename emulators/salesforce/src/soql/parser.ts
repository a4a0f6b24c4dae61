import { parseDate, parseDateTime } from '../datetime.ts';
import type { ComparisonOperator, Condition, FieldRef, Literal, OrderItem, RelativeDateName, SoqlQuery } from './ast.ts';
import { type Token, tokenize } from './lexer.ts';
import { SoqlError } from './soql-error.ts';

/**
 * A recursive-descent parser for the SOQL subset in ast.ts. Errors carry the offending token's
 * position and Salesforce's `unexpected token: 'X'` wording (§18). As in SOQL, AND and OR cannot
 * be mixed at one level without parentheses.
 */
export function parseSoql(soql: string): SoqlQuery {
  return new Parser(tokenize(soql)).query();
}

const RELATIVE_DAYS: Record<string, RelativeDateName> = { TODAY: 'TODAY', YESTERDAY: 'YESTERDAY', TOMORROW: 'TOMORROW' };
const RELATIVE_N_DAYS: Record<string, RelativeDateName> = { LAST_N_DAYS: 'LAST_N_DAYS', NEXT_N_DAYS: 'NEXT_N_DAYS' };
const OPERATORS: Record<string, ComparisonOperator> = { '=': '=', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const MAX_OFFSET = 2000;
/** SOQL's reserved words, which cannot name a field or object. */
const RESERVED = new Set([
  'AND', 'ASC', 'DESC', 'EXCLUDES', 'FIRST', 'FROM', 'GROUP', 'HAVING', 'IN', 'INCLUDES', 'LAST', 'LIKE', 'LIMIT',
  'NOT', 'NULL', 'NULLS', 'OR', 'SELECT', 'WHERE', 'WITH', 'TRUE', 'FALSE',
]);

class Parser {
  readonly #tokens: Token[];
  #index = 0;

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  query(): SoqlQuery {
    this.#expectKeyword('SELECT');
    const { fields, count } = this.#selectList();
    this.#expectKeyword('FROM');
    const fromToken = this.#name();
    const query: SoqlQuery = { fields, count, from: { name: fromToken.text, row: fromToken.row, column: fromToken.column }, orderBy: [] };
    if (this.#acceptKeyword('WHERE')) query.where = this.#condition();
    if (this.#acceptKeyword('ORDER')) {
      this.#expectKeyword('BY');
      query.orderBy = this.#orderList();
    }
    if (this.#acceptKeyword('LIMIT')) query.limit = this.#integer();
    if (this.#acceptKeyword('OFFSET')) {
      const token = this.#peek();
      query.offset = this.#integer();
      if (query.offset > MAX_OFFSET) throw new SoqlError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${MAX_OFFSET}`, token);
    }
    this.#expect('eof');
    return query;
  }

  #selectList(): { fields: FieldRef[]; count: boolean } {
    if (this.#isKeyword(this.#peek(), 'COUNT') && this.#peek(1).kind === '(') {
      this.#next();
      this.#expect('(');
      this.#expect(')');
      return { fields: [], count: true };
    }
    const fields = [this.#fieldRef()];
    while (this.#accept(',')) fields.push(this.#fieldRef());
    return { fields, count: false };
  }

  #orderList(): OrderItem[] {
    const items: OrderItem[] = [];
    do {
      const field = this.#fieldRef();
      let descending = false;
      if (this.#acceptKeyword('DESC')) descending = true;
      else this.#acceptKeyword('ASC');
      // Nulls come first in ascending order and last in descending order unless stated (UNCERTAIN for DESC).
      let nullsLast = descending;
      if (this.#acceptKeyword('NULLS')) {
        if (this.#acceptKeyword('LAST')) nullsLast = true;
        else {
          this.#expectKeyword('FIRST');
          nullsLast = false;
        }
      }
      items.push({ field, descending, nullsLast });
    } while (this.#accept(','));
    return items;
  }

  /** A chain of one connective; a different connective at the same level is a syntax error. */
  #condition(): Condition {
    const first = this.#unary();
    const connective = this.#isKeyword(this.#peek(), 'AND') ? 'and' : this.#isKeyword(this.#peek(), 'OR') ? 'or' : undefined;
    if (!connective) return first;
    const operands = [first];
    while (this.#acceptKeyword(connective.toUpperCase())) operands.push(this.#unary());
    const other = connective === 'and' ? 'OR' : 'AND';
    if (this.#isKeyword(this.#peek(), other)) this.#unexpected(this.#peek());
    return { kind: connective, operands };
  }

  #unary(): Condition {
    if (this.#acceptKeyword('NOT')) return { kind: 'not', operand: this.#unary() };
    if (this.#accept('(')) {
      const inner = this.#condition();
      this.#expect(')');
      return inner;
    }
    return this.#comparison();
  }

  #comparison(): Condition {
    const field = this.#fieldRef();
    const token = this.#peek();
    if (token.kind === 'operator') {
      this.#next();
      const operator = OPERATORS[token.text];
      if (!operator) this.#unexpected(token);
      return { kind: 'compare', field, operator, value: this.#literal() };
    }
    if (this.#acceptKeyword('LIKE')) return { kind: 'compare', field, operator: 'LIKE', value: this.#literal() };
    const negated = this.#acceptKeyword('NOT');
    if (this.#acceptKeyword('IN')) {
      this.#expect('(');
      const values = [this.#literal()];
      while (this.#accept(',')) values.push(this.#literal());
      this.#expect(')');
      return { kind: 'in', field, negated, values };
    }
    return this.#unexpected(this.#peek());
  }

  #literal(): Literal {
    const token = this.#next();
    const at = { row: token.row, column: token.column };
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.value, ...at };
      case 'number':
        return { kind: 'number', value: Number(token.text), ...at };
      case 'date': {
        const date = parseDate(token.text);
        if (date === undefined) break;
        return { kind: 'date', value: date, ...at };
      }
      case 'datetime': {
        const ms = parseDateTime(token.text);
        if (ms === undefined) break;
        return { kind: 'datetime', value: ms, ...at };
      }
      case 'word': {
        const upper = token.text.toUpperCase();
        if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'boolean', value: upper === 'TRUE', ...at };
        if (upper === 'NULL') return { kind: 'null', ...at };
        const day = RELATIVE_DAYS[upper];
        if (day) return { kind: 'relative', name: day, days: 0, ...at };
        const range = RELATIVE_N_DAYS[upper];
        if (range) {
          this.#expect(':');
          return { kind: 'relative', name: range, days: this.#integer(), ...at };
        }
        break;
      }
      default:
        break;
    }
    return this.#unexpected(token);
  }

  #fieldRef(): FieldRef {
    const token = this.#name();
    return { text: token.text, path: token.text.split('.'), row: token.row, column: token.column };
  }

  /** An object or field name: any word but a reserved keyword. */
  #name(): Token {
    const token = this.#expect('word');
    if (RESERVED.has(token.text.toUpperCase())) this.#unexpected(token);
    return token;
  }

  #integer(): number {
    const token = this.#expect('number');
    if (!/^\d+$/.test(token.text)) this.#unexpected(token);
    return Number(token.text);
  }

  #peek(ahead = 0): Token {
    const token = this.#tokens[Math.min(this.#index + ahead, this.#tokens.length - 1)];
    if (!token) throw new Error('the lexer always ends with an eof token');
    return token;
  }

  #next(): Token {
    const token = this.#peek();
    if (this.#index < this.#tokens.length - 1) this.#index += 1;
    return token;
  }

  #isKeyword(token: Token, keyword: string): boolean {
    return token.kind === 'word' && token.text.toUpperCase() === keyword;
  }

  #accept(kind: Token['kind']): boolean {
    if (this.#peek().kind !== kind) return false;
    this.#next();
    return true;
  }

  #acceptKeyword(keyword: string): boolean {
    if (!this.#isKeyword(this.#peek(), keyword)) return false;
    this.#next();
    return true;
  }

  #expect(kind: Token['kind']): Token {
    const token = this.#peek();
    if (token.kind !== kind) this.#unexpected(token);
    return this.#next();
  }

  #expectKeyword(keyword: string): void {
    if (!this.#acceptKeyword(keyword)) this.#unexpected(this.#peek());
  }

  #unexpected(token: Token): never {
    const shown = token.kind === 'eof' ? '<EOF>' : `'${token.text}'`;
    throw new SoqlError('MALFORMED_QUERY', `unexpected token: ${shown}`, token);
  }
}
