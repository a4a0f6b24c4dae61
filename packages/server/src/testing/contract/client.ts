import { urlOf, type ContractRequest } from './requests.ts';

export interface Answer {
  status: number;
  /** The media type without parameters, e.g. application/json; '' when none was sent. */
  mediaType: string;
  text: string;
  /** The parsed body when it is JSON; `parsed` says whether it was. */
  json: unknown;
  parsed: boolean;
}

export type Credentials = 'admin' | 'none' | 'wrong';

/**
 * Longer than anything the server may take on purpose (a synchronous webhook answers within 10 s by
 * default), shorter than a test's timeout: a hung request fails naming itself.
 */
const ANSWER_WITHIN_MS = 20_000;

/** Sends contract requests over real HTTP and counts them, by status class, for the summary line. */
export class ContractClient {
  requests = 0;
  readonly byClass = new Map<string, number>();

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async send(request: ContractRequest, credentials: Credentials = 'admin'): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (credentials === 'admin') headers.authorization = `Bearer ${this.token}`;
    if (credentials === 'wrong') headers.authorization = 'Bearer pb_not-a-token-of-this-server';
    let body: string | undefined;
    if (request.body !== null) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body.value);
    }
    const url = `${this.baseUrl}${urlOf(request)}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method: request.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
      text = await response.text();
    } catch (err) {
      if (err instanceof DOMException && err.name === 'TimeoutError') throw new Error(`${request.method} ${urlOf(request)}: no answer within ${ANSWER_WITHIN_MS / 1000} s`);
      throw err;
    }
    this.requests += 1;
    const statusClass = `${String(response.status).charAt(0)}xx`;
    this.byClass.set(statusClass, (this.byClass.get(statusClass) ?? 0) + 1);
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    let json: unknown = null;
    let parsed = false;
    try {
      json = JSON.parse(text);
      parsed = true;
    } catch {
      // Not JSON: the response checks say whether that was documented.
    }
    return { status: response.status, mediaType, text, json, parsed };
  }

  summary(): string {
    const classes = [...this.byClass.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`);
    return `${this.requests} requests (${classes.join(', ')})`;
  }
}
