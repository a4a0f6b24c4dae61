import { randomInt } from 'node:crypto';

/**
 * Salesforce record ids (fact sheet §21): 15 case-sensitive characters — a 3-character key prefix
 * (`001` Account, `00D` org …), then instance and counter characters — plus, in the 18-character
 * form the REST API returns, a 3-character suffix that encodes which of the 15 are upper case, so
 * the id survives case-insensitive systems.
 */
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
/** In ASCII order, so fixed-width counters compare as strings the way they compare as numbers. */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const COUNTER_WIDTH = 10;

export function checksumSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let i = 0; i < 5; i++) {
      const char = id15.charAt(chunk * 5 + i);
      if (char >= 'A' && char <= 'Z') flags |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(flags);
  }
  return suffix;
}

/**
 * The canonical 18-character form of a 15- or 18-character id, or undefined when `input` cannot be
 * an id. An 18-character id is case-insensitive: its suffix says which letters are upper case.
 */
export function normalizeId(input: string): string | undefined {
  if (!/^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/.test(input)) return undefined;
  if (input.length === 15) return input + checksumSuffix(input);
  const suffix = input.slice(15).toUpperCase();
  let id15 = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const flags = SUFFIX_ALPHABET.indexOf(suffix.charAt(chunk));
    if (flags < 0) return undefined;
    for (let i = 0; i < 5; i++) {
      const char = input.charAt(chunk * 5 + i);
      id15 += flags & (1 << i) ? char.toUpperCase() : char.toLowerCase();
    }
  }
  return id15 + suffix;
}

export function to15(id18: string): string {
  return id18.slice(0, 15);
}

function base62(value: number, width: number): string {
  let text = '';
  let rest = value;
  while (rest > 0) {
    text = BASE62.charAt(rest % 62) + text;
    rest = Math.floor(rest / 62);
  }
  return text.padStart(width, '0');
}

/**
 * Issues ids for one org. Ids grow with time, as Salesforce's do, which keeps `ORDER BY Id` in
 * creation order and makes the `Id > '…'` tie-break of a polling query behave as on a real org.
 */
export class IdFactory {
  /** Two characters naming the "instance" (pod), fixed per org like `J6` in `001J6000005uLCH`. */
  readonly #pod: string;
  #counter: number;

  constructor() {
    this.#pod = `${BASE62.charAt(10 + randomInt(26))}${BASE62.charAt(randomInt(10))}`;
    this.#counter = randomInt(1_000_000, 9_000_000);
  }

  next(keyPrefix: string): string {
    this.#counter += 1;
    const id15 = `${keyPrefix}${this.#pod}${base62(this.#counter, COUNTER_WIDTH)}`;
    return id15 + checksumSuffix(id15);
  }

  /** An id with random counter characters: org and user ids, query locators. */
  random(keyPrefix: string): string {
    let counter = '';
    for (let i = 0; i < COUNTER_WIDTH; i++) counter += BASE62.charAt(randomInt(62));
    const id15 = `${keyPrefix}${this.#pod}${counter}`;
    return id15 + checksumSuffix(id15);
  }
}
