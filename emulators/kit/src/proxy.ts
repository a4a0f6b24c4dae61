import { type EmuRequest, type Listening, listen } from './http.ts';

/** Hop-by-hop and length headers: the proxy's own connection decides them. */
const NOT_FORWARDED = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

export interface ProxyHooks {
  /** Sees each request as it passes, e.g. to record what a client sent to which host. */
  onRequest?(req: EmuRequest): void;
  /** May replace the body of a 200 answer: what an emulator cannot be made to say. */
  rewrite?(path: string, body: string): string;
}

/**
 * A pass-through in front of an emulator, for tests: another host name for the same app (a
 * separate login host), or an answer changed on its way (a second site, another time zone).
 */
export function startProxy(target: string, hooks: ProxyHooks = {}): Promise<Listening> {
  return listen(0, async (req) => {
    hooks.onRequest?.(req);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string' && !NOT_FORWARDED.has(name)) headers.set(name, value);
    const query = req.query.toString();
    const upstream = await fetch(`${target}${req.path}${query ? `?${query}` : ''}`, {
      method: req.method,
      headers,
      body: req.rawBody === '' ? undefined : req.rawBody,
      redirect: 'manual',
    });
    const answer: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (!NOT_FORWARDED.has(name)) answer[name] = value;
    });
    const text = await upstream.text();
    return { status: upstream.status, headers: answer, body: upstream.status === 200 && hooks.rewrite ? hooks.rewrite(req.path, text) : text };
  });
}
