import { syntaxError } from './errors.ts';
import { type Token, tokenize } from './lexer.ts';

/**
 * The JQL subset of the emulator: `field op value` with `= != > >= < <= ~ !~`, `IN (…)`,
 * `NOT IN (…)`, `IS [NOT] EMPTY`, `AND`/`OR`/`NOT`, parentheses, functions such as `now()`, and
 * `ORDER BY f [ASC|DESC], …`. `AND` binds tighter than `OR`, as in Jira.
 */

export type Operator = '=' | '!=' | '~' | '!~' | '>' | '>=' | '<' | '<=' | 'in' | 'not in' | 'is' | 'is not';

export interface ValueOperand {
  kind: 'value';
  text: string;
  quoted: boolean;
}

export interface FunctionOperand {
  kind: 'function';
  name: string;
  args: string[];
}

export type SingleOperand = ValueOperand | FunctionOperand;

export type Operand = SingleOperand | { kind: 'list'; values: SingleOperand[] } | { kind: 'empty' };

export type Clause =
  | { kind: 'and' | 'or'; clauses: Clause[] }
  | { kind: 'not'; clause: Clause }
  | { kind: 'term'; field: string; operator: Operator; operand: Operand };

export interface SortKey {
  field: string;
  direction: 'ASC' | 'DESC';
}

export interface JqlQuery {
  where: Clause | undefined;
  orderBy: SortKey[];
}

const VALID_OPERATORS = "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.";
const COMPARISON_OPERATORS: Record<string, Operator> = { '=': '=', '!=': '!=', '~': '~', '!~': '!~', '>': '>', '>=': '>=', '<': '<', '<=': '<=' };
/** Words that are only values when quoted (a subset of Jira's reserved words). */
const RESERVED = new Set(['AND', 'OR', 'NOT', 'IN', 'IS', 'ORDER', 'BY', 'ASC', 'DESC']);

export function parseJql(jql: string): JqlQuery {
  return new Parser(jql, tokenize(jql)).query();
}

class Parser {
  #at = 0;

  constructor(
    private readonly jql: string,
    private readonly tokens: Token[],
  ) {}

  query(): JqlQuery {
    const where = this.#isWord('ORDER') || this.#peek().kind === 'eof' ? undefined : this.#or();
    const orderBy = this.#isWord('ORDER') ? this.#orderBy() : [];
    const next = this.#peek();
    if (next.kind !== 'eof') throw this.#error(`Expecting either 'OR' or 'AND' but got '${next.text}'.`, next);
    return { where, orderBy };
  }

  #or(): Clause {
    const clauses = [this.#and()];
    while (this.#isWord('OR')) {
      this.#next();
      clauses.push(this.#and());
    }
    return clauses.length === 1 && clauses[0] ? clauses[0] : { kind: 'or', clauses };
  }

  #and(): Clause {
    const clauses = [this.#not()];
    while (this.#isWord('AND')) {
      this.#next();
      clauses.push(this.#not());
    }
    return clauses.length === 1 && clauses[0] ? clauses[0] : { kind: 'and', clauses };
  }

  #not(): Clause {
    if (this.#isWord('NOT')) {
      this.#next();
      return { kind: 'not', clause: this.#not() };
    }
    if (this.#peek().kind === 'lparen') {
      this.#next();
      const inner = this.#or();
      this.#expect('rparen', ')');
      return inner;
    }
    return this.#term();
  }

  #term(): Clause {
    const field = this.#fieldName();
    const operator = this.#operator();
    const operand = this.#operand();
    return { kind: 'term', field, operator, operand };
  }

  #fieldName(): string {
    const token = this.#peek();
    if (token.kind === 'string' || (token.kind === 'word' && !RESERVED.has(token.text.toUpperCase()))) {
      this.#next();
      return token.text;
    }
    if (token.kind === 'eof') throw this.#error('Expecting a field name before the end of the query.');
    throw this.#error(`Expecting a field name but got '${token.text}'. You must surround '${token.text}' in quotation marks to use it as a field name.`, token);
  }

  #operator(): Operator {
    const token = this.#next();
    const comparison = COMPARISON_OPERATORS[token.text];
    if (token.kind === 'operator' && comparison) return comparison;
    const word = token.kind === 'word' ? token.text.toUpperCase() : '';
    if (word === 'IN') return 'in';
    if (word === 'NOT' && this.#isWord('IN')) {
      this.#next();
      return 'not in';
    }
    if (word === 'IS') {
      if (!this.#isWord('NOT')) return 'is';
      this.#next();
      return 'is not';
    }
    if (token.kind === 'eof') throw this.#error(`Expecting operator before the end of the query. ${VALID_OPERATORS}`);
    throw this.#error(`Expecting operator but got '${token.text}'. ${VALID_OPERATORS}`, token);
  }

  #operand(): Operand {
    const token = this.#peek();
    if (token.kind === 'lparen') {
      this.#next();
      const values = [this.#single()];
      while (this.#peek().kind === 'comma') {
        this.#next();
        values.push(this.#single());
      }
      this.#expect('rparen', ')');
      return { kind: 'list', values };
    }
    if (token.kind === 'word' && ['EMPTY', 'NULL'].includes(token.text.toUpperCase())) {
      this.#next();
      return { kind: 'empty' };
    }
    return this.#single();
  }

  #single(): SingleOperand {
    const token = this.#next();
    if (token.kind === 'string') return { kind: 'value', text: token.text, quoted: true };
    if (token.kind === 'word' && !RESERVED.has(token.text.toUpperCase())) {
      if (this.#peek().kind !== 'lparen') return { kind: 'value', text: token.text, quoted: false };
      this.#next();
      const args: string[] = [];
      while (this.#peek().kind === 'word' || this.#peek().kind === 'string') {
        args.push(this.#next().text);
        if (this.#peek().kind !== 'comma') break;
        this.#next();
      }
      this.#expect('rparen', ')');
      return { kind: 'function', name: token.text, args };
    }
    if (token.kind === 'eof') throw this.#error('Expecting either a value, list or function before the end of the query.');
    throw this.#error(`Expecting either a value, list or function but got '${token.text}'. You must surround '${token.text}' in quotation marks to use it as a value.`, token);
  }

  #orderBy(): SortKey[] {
    this.#next();
    if (!this.#isWord('BY')) {
      const token = this.#peek();
      throw token.kind === 'eof' ? this.#error("Expecting 'BY' before the end of the query.") : this.#error(`Expecting 'BY' but got '${token.text}'.`, token);
    }
    this.#next();
    const keys: SortKey[] = [];
    for (;;) {
      const field = this.#fieldName();
      let direction: 'ASC' | 'DESC' = 'ASC';
      if (this.#isWord('ASC') || this.#isWord('DESC')) direction = this.#next().text.toUpperCase() === 'DESC' ? 'DESC' : 'ASC';
      keys.push({ field, direction });
      if (this.#peek().kind !== 'comma') break;
      this.#next();
    }
    const next = this.#peek();
    if (next.kind !== 'eof') throw this.#error(`Expecting either 'ASC' or 'DESC' but got '${next.text}'.`, next);
    return keys;
  }

  #expect(kind: Token['kind'], text: string): void {
    const token = this.#next();
    if (token.kind === kind) return;
    if (token.kind === 'eof') throw this.#error(`Expecting '${text}' before the end of the query.`);
    throw this.#error(`Expecting '${text}' but got '${token.text}'.`, token);
  }

  #isWord(word: string): boolean {
    const token = this.#peek();
    return token.kind === 'word' && token.text.toUpperCase() === word;
  }

  #peek(): Token {
    return this.tokens[this.#at] ?? { kind: 'eof', text: '', offset: this.jql.length };
  }

  #next(): Token {
    const token = this.#peek();
    if (token.kind !== 'eof') this.#at += 1;
    return token;
  }

  #error(message: string, token?: Token) {
    return syntaxError(this.jql, message, token?.offset);
  }
}
