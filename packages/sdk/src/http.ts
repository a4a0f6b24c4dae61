/** A request from connector code. `path` is relative to the connection's base URL. */
export interface HttpRequest {
  /** Default `GET`. */
  method?: string;
  /** Relative to the connection's base URL; an absolute URL must be on one of the connection's hosts. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as it is. */
  body?: unknown;
  /** Default 30 000 ms. */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the app answers JSON, text otherwise, `null` when empty. */
  body: unknown;
}

/**
 * The authenticated HTTP client a connector receives: credentials are already applied, refreshed when
 * needed, and only ever sent to the connection's own hosts. Non-2xx answers are returned, not thrown;
 * network failures and refused hosts throw. A 429 is retried for any method; a 502/503/504 or a
 * timeout only for a request that is safe to repeat (GET, HEAD, OPTIONS, PUT, DELETE, or one with an
 * `Idempotency-Key` header, e.g. `ctx.idempotencyKey` in an action).
 */
export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}

/** The outgoing request as `apply` sees it: set headers or query parameters to add credentials. */
export interface OutgoingRequest {
  url: URL;
  headers: Headers;
}
