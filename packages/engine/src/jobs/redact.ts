/**
 * What job history may keep of a value: secret-looking fields redacted and a size cap, so history
 * can never leak a credential that a step happened to carry nor grow the database without bound.
 */
const SECRET_KEY = /pass(word)?|secret|token|authori[sz]ation|api[-_]?key|cookie|session|credential|private[-_]?key/i;
/** What a secret value is replaced with, in job history and in webhook events alike. */
export const REDACTED = '[redacted]';

/** Whether a field or header of this name holds a secret (`Authorization`, `X-Api-Key`, `Cookie`, `X-Gitlab-Token`…). */
export function isSecretName(name: string): boolean {
  return SECRET_KEY.test(name);
}

/** Default cap on one recorded value (a step's input or output, the trigger event): 64 KiB of JSON. */
export const DEFAULT_VALUE_CAP = 64 * 1024;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 50) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (typeof value === 'object' && value !== null) {
    // Secret instances (and anything else with toJSON) serialise to their safe form.
    if ('toJSON' in value && typeof value.toJSON === 'function') return redact(value.toJSON(), depth + 1);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const safe = SECRET_KEY.test(key) ? REDACTED : redact(item, depth + 1);
      // Assigning "__proto__" would set out's prototype and drop the key: keep it as data.
      if (key === '__proto__') Object.defineProperty(out, key, { value: safe, enumerable: true, writable: true, configurable: true });
      else out[key] = safe;
    }
    return out;
  }
  return value;
}

export interface Truncated {
  truncated: true;
  /** Size of the full value as JSON, in bytes. */
  bytes: number;
  preview: string;
}

/** Redacts, then keeps the value if its JSON fits the cap, else a marked preview. */
export function recordable(value: unknown, cap = DEFAULT_VALUE_CAP): unknown {
  if (value === undefined) return null;
  const safe = redact(value);
  const json = JSON.stringify(safe) ?? 'null';
  // A UTF-16 unit is at most 3 bytes of UTF-8: short values need no byte count.
  if (json.length * 3 <= cap) return safe;
  const bytes = Buffer.byteLength(json);
  if (bytes <= cap) return safe;
  const truncated: Truncated = { truncated: true, bytes, preview: json.slice(0, 2048) };
  return truncated;
}
