import { inspect } from 'node:util';
import type { Credentials } from '@patchbay/sdk';
import type { ConnectionState } from './state.ts';

/**
 * Masking by value, the way CI systems mask secrets in build logs: whatever connector code hands
 * back (an action's output, a poll's events, an error, a log line) has every secret value of the
 * connection replaced, wherever it sits and under whatever key. An app that echoes the bearer token
 * as `{"echo": "<token>"}` would otherwise put it in job history, in API answers and in the
 * database file; redaction by key name (`password`, `authorization`) cannot see that.
 *
 * Masked in the vault, where the values are known, rather than where records are written: the
 * engine never holds a connection's secrets, and nothing derived from an action's output (a later
 * step's input, a synchronous webhook's answer, the run-action answer) can carry one. The price is
 * deliberate: a recipe cannot copy a connection's credential into another app either.
 */

/** What a secret value is replaced with. */
export const SECRET_MASK = '[secret]';

/**
 * Shorter values are not masked: a 4-character password would turn every "true" or "1234" in an
 * app's answer into `[secret]` and make history unreadable (CI systems skip short values too).
 */
export const MIN_SECRET_LENGTH = 6;

/**
 * The forms in which a secret value commonly travels: as is, base64 (a Basic header, a token put in
 * a JSON web token's claims), base64url, URL-encoded (a query string, a form body) and JSON-escaped
 * (a JSON document inside a string).
 */
export function secretForms(value: string): string[] {
  const forms = new Set<string>([value]);
  const bytes = Buffer.from(value, 'utf8');
  forms.add(bytes.toString('base64'));
  forms.add(bytes.toString('base64url'));
  forms.add(encodeURIComponent(value));
  forms.add(new URLSearchParams({ v: value }).toString().slice(2));
  forms.add(JSON.stringify(value).slice(1, -1));
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/** The secret values a set of credentials puts on a request, with the Basic header's encoding. */
export function credentialValues(credentials: Credentials): string[] {
  switch (credentials.kind) {
    case 'oauth2':
    case 'oauth2ClientCredentials':
      return [credentials.accessToken.reveal()];
    case 'basic': {
      const password = credentials.password.reveal();
      // `user:password` as one base64 string: its encoding differs from the password's own.
      return [password, Buffer.from(`${credentials.username}:${password}`).toString('base64')];
    }
    case 'apiKey':
      return [credentials.value.reveal()];
    case 'custom':
      return Object.values(credentials.state).map((secret) => secret.reveal());
  }
}

/** Every stored secret of a connection: secret fields (the operator's defaults too), OAuth tokens, custom-auth state. */
export function storedSecretValues(state: ConnectionState): string[] {
  const values = [...Object.values(state.secrets.fields), ...Object.values(state.operator.secret)];
  const { oauth, custom } = state.secrets;
  if (oauth) {
    values.push(oauth.accessToken);
    if (oauth.refreshToken) values.push(oauth.refreshToken);
  }
  if (custom) values.push(...Object.values(custom.state));
  return values.filter((value): value is string => typeof value === 'string');
}

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/-]/g;

/**
 * One combined regular expression over every form of every value: one pass over each string,
 * whatever the number of secrets (an Aho–Corasick automaton would do the same; V8's regex engine
 * is fast enough for tens of alternatives and needs no dependency).
 */
export class SecretMasker {
  private readonly pattern: RegExp | null;
  /** The values it masks, to tell whether a credential obtained later is one of them. */
  readonly #values: ReadonlySet<string>;
  #extended: { key: string; masker: SecretMasker } | undefined;

  constructor(values: Iterable<string>) {
    const kept = new Set<string>();
    const forms = new Set<string>();
    for (const value of values) {
      if (value.length < MIN_SECRET_LENGTH) continue;
      kept.add(value);
      for (const form of secretForms(value)) forms.add(form);
    }
    this.#values = kept;
    // Longest first: a value that contains another is replaced whole, not around the shorter one.
    const sorted = [...forms].sort((a, b) => b.length - a.length);
    this.pattern = sorted.length === 0 ? null : new RegExp(sorted.map((form) => form.replace(REGEX_SPECIAL, '\\$&')).join('|'), 'g');
  }

  /** Whether `value` is masked already (or too short to be). */
  covers(value: string): boolean {
    return value.length < MIN_SECRET_LENGTH || this.#values.has(value);
  }

  /**
   * A masker of these values and `more` (itself when it covers them all already). The last one
   * built is kept: a cached masker asked on every call for the same derived value (a Basic
   * header's encoding of a stored password) builds it once.
   */
  with(more: Iterable<string>): SecretMasker {
    const added = [...more].filter((value) => !this.covers(value));
    if (added.length === 0) return this;
    const key = added.join('\u0000');
    if (this.#extended?.key !== key) this.#extended = { key, masker: new SecretMasker([...this.#values, ...added]) };
    return this.#extended.masker;
  }

  // Its pattern spells out every secret: like a Secret, a masker never prints or serialises.
  toJSON(): string {
    return '[secret masker]';
  }

  [inspect.custom](): string {
    return '[secret masker]';
  }

  /** Whether there is anything to mask at all (a connection without secrets). */
  get empty(): boolean {
    return this.pattern === null;
  }

  text(text: string): string {
    const { pattern } = this;
    if (pattern === null) return text;
    pattern.lastIndex = 0;
    // test() first: most strings hold no secret, and replace() would copy each of them.
    if (!pattern.test(text)) return text;
    pattern.lastIndex = 0;
    return text.replace(pattern, SECRET_MASK);
  }

  /** A copy of a JSON-like value with every string (and key) masked; unchanged parts are shared. */
  value<T>(value: T): T {
    return this.pattern === null ? value : (this.walk(value, 0) as T);
  }

  private walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.text(value);
    if (typeof value !== 'object' || value === null || depth > 200) return value;
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const masked = this.walk(item, depth + 1);
        if (masked !== item) (out ??= value.slice())[i] = masked;
      }
      return out ?? value;
    }
    if (value instanceof Date || ArrayBuffer.isView(value)) return value;
    // Anything with toJSON (a Secret) is stored and answered as what it serialises to.
    if ('toJSON' in value && typeof value.toJSON === 'function') return this.walk(value.toJSON(), depth + 1);
    let changed = false;
    const entries: [string, unknown][] = [];
    for (const [key, item] of Object.entries(value)) {
      const maskedKey = this.text(key);
      const masked = this.walk(item, depth + 1);
      if (maskedKey !== key || masked !== item) changed = true;
      entries.push([maskedKey, masked]);
    }
    // fromEntries defines keys: a "__proto__" key of app data stays data.
    return changed ? Object.fromEntries(entries) : value;
  }
}

/**
 * The secrets one call through a connection may meet: its stored ones, and credentials obtained
 * during the call (a token refreshed mid-action is not in the state the call started with).
 */
export class CallSecrets {
  #masker: SecretMasker;

  /** `stored`: the masker of the state's stored secrets, built once per version of a connection (cache.ts). */
  constructor(state: ConnectionState, stored?: SecretMasker) {
    this.#masker = stored ?? new SecretMasker(storedSecretValues(state));
  }

  addCredentials(credentials: Credentials | null): void {
    if (!credentials) return;
    // Usually the stored ones, already masked: a new masker only for a token obtained mid-call.
    this.#masker = this.#masker.with(credentialValues(credentials));
  }

  get mask(): SecretMasker {
    return this.#masker;
  }
}

/**
 * Masks an error thrown through a connection in place (message, details, stack, and its causes'),
 * so that neither job history, nor an API answer, nor a log line of it repeats a secret an app put
 * in an error body or a URL.
 */
export function maskError(err: unknown, masker: SecretMasker): void {
  if (masker.empty) return;
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const error: Error = current;
    maskProperty(error, 'message', (text) => (typeof text === 'string' ? masker.text(text) : text));
    maskProperty(error, 'stack', (text) => (typeof text === 'string' ? masker.text(text) : text));
    if ('details' in error && error.details !== undefined) maskProperty(error, 'details', (details) => masker.value(details));
    current = error.cause;
  }
}

/**
 * Replaces a property by its masked value, as an own property: some errors of the platform (a
 * `DOMException` timeout in a cause) have a getter-only `message`, which assignment cannot change.
 */
function maskProperty(error: Error, name: string, mask: (value: unknown) => unknown): void {
  const before: unknown = Reflect.get(error, name);
  const after = mask(before);
  if (after === before) return;
  try {
    Object.defineProperty(error, name, { value: after, writable: true, configurable: true, enumerable: name === 'details' });
  } catch {
    // A non-configurable own property: nothing safe to do.
  }
}
