import { describe, expect, it } from 'vitest';
import { parseQuery, textContains, textEquals } from './query-parser.ts';

describe('parseQuery', () => {
  it('splits keyed terms, operators, quoted values, negation and free text', () => {
    expect(parseQuery('type:ticket status<solved name:"Acme Corp" -tags:spam printer "on fire" created>=2024-01-01')).toEqual([
      { key: 'type', operator: ':', value: 'ticket', negated: false, quoted: false },
      { key: 'status', operator: '<', value: 'solved', negated: false, quoted: false },
      { key: 'name', operator: ':', value: 'Acme Corp', negated: false, quoted: true },
      { key: 'tags', operator: ':', value: 'spam', negated: true, quoted: false },
      { key: undefined, operator: ':', value: 'printer', negated: false, quoted: false },
      { key: undefined, operator: ':', value: 'on fire', negated: false, quoted: true },
      { key: 'created', operator: '>=', value: '2024-01-01', negated: false, quoted: false },
    ]);
  });

  it('lower-cases keys but keeps values, and leaves text with colons that is no key alone', () => {
    expect(parseQuery('Status:Open 12:30')).toEqual([
      { key: 'status', operator: ':', value: 'Open', negated: false, quoted: false },
      { key: undefined, operator: ':', value: '12:30', negated: false, quoted: false },
    ]);
  });

  it('reads an unterminated quote to the end and ignores empty input', () => {
    expect(parseQuery('subject:"half open')).toEqual([{ key: 'subject', operator: ':', value: 'half open', negated: false, quoted: true }]);
    expect(parseQuery('   ')).toEqual([]);
  });
});

describe('text matching', () => {
  it('compares whole values without case, with * as a wildcard', () => {
    expect(textEquals('acme corporation', 'Acme Corporation')).toBe(true);
    expect(textEquals('Acme', 'Acme Corporation')).toBe(false);
    expect(textEquals('Acme*', 'Acme Corporation')).toBe(true);
    expect(textEquals('a.c', 'abc')).toBe(false);
  });

  it('finds free-text words and phrases', () => {
    expect(textContains('printer', 'My Printer is on fire', false)).toBe(true);
    expect(textContains('print', 'My Printer is on fire', false)).toBe(false);
    expect(textContains('print*', 'My Printer is on fire', false)).toBe(true);
    expect(textContains('is on', 'My Printer is on fire', true)).toBe(true);
    expect(textContains('fire', null, false)).toBe(false);
  });
});
