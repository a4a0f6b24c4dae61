/**
 * When the authenticated client sends a request again. A request that the app may have received is
 * repeated only when repeating it cannot do anything twice: its method is idempotent (RFC 9110
 * §9.2.2), or it carries an `Idempotency-Key` the app deduplicates on. A POST answered 502 may have
 * created the record behind the gateway; sending it again would create a second one.
 */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Whether the request may be sent again after the app may have received it. */
export function safeToRepeat(method: string, headers: Headers): boolean {
  return IDEMPOTENT_METHODS.has(method) || headers.has('idempotency-key');
}

/** Whether an answer with this status is worth another attempt of a request that is `repeatable` or not. */
export function retryableAnswer(status: number, repeatable: boolean): boolean {
  // 429 is a refusal: the app did not process the request (RFC 6585 §4), so any method, POST
  // included, may be sent again (after Retry-After when the app gives one).
  if (status === 429) return true;
  // A gateway or the app itself failed: the request may have been processed behind it.
  return repeatable && (status === 502 || status === 503 || status === 504);
}

/** An answer after which a request that is not safe to repeat may have taken effect: any 5xx. */
export function uncertainOutcome(status: number): boolean {
  return status >= 500;
}

/**
 * Network failures that happen before a byte of the request is sent: the connection was refused or
 * the host not found, so the app cannot have received it and any method may be sent again. A reset
 * or a timeout may come after the request was sent, and is not among them.
 */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Whether a request failed before sending anything: undici's error has the system code (fetch's has it as `cause`). */
export function failedBeforeSending(err: unknown): boolean {
  return hasNotSentCode(err) || (err instanceof Error && hasNotSentCode(err.cause));
}

function hasNotSentCode(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' && NOT_SENT.has(err.code);
}

/** Retry-After as milliseconds: either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
