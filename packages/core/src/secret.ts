import { inspect } from 'node:util';

const REDACTED = '[secret]';

/**
 * A secret value (password, token, API key). It never serialises, never prints and never logs:
 * `JSON.stringify`, `String()`, template literals and `util.inspect` all give "[secret]".
 * Only `reveal()` gives the value, and only code that applies credentials calls it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }
}

export function isSecret(value: unknown): value is Secret {
  return value instanceof Secret;
}
