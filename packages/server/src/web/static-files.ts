import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PatchbayError } from '@patchbay/core';
import type { PageFallback } from '../http/errors.ts';
import type { App } from '../types.ts';

/** Where `npm run build:web` (run by `npm install`) writes the web UI. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/**
 * The web UI's policy: only Patchbay's own files, no inline script or style, no eval, no framing.
 * `connect-src 'self'`: the UI talks to this API only (the OAuth popup is a window, not a request).
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
  'content-security-policy': WEB_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

/** Hashed names (Vite's `assets/<name>-<hash>.<ext>`) never change content: cached for a year. */
const ASSET_CACHE = 'public, max-age=31536000, immutable';
/** One path segment of letters, digits, `.`, `_`, `-`, not starting with a dot: nothing can climb out of assets/. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.js', '.css', '.svg', '.json']);
/** Paths that belong to the API and the server: never the UI's pages, whatever the Accept header. */
const NOT_PAGES = /^\/(?:api|webhooks|oauth|health|assets)(?:[/?#]|$)/;

interface Asset {
  type: string;
  body: Buffer;
  gzip: Buffer | null;
}

const MISSING_BUILD = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Patchbay: the web UI is not built</title></head>
<body>
<h1>The web UI is not built yet</h1>
<p>Patchbay's API works; the pages of its web UI have not been built in this folder.
Run <code>npm install</code> (it builds them) or <code>npm run build:web</code>, then reload this page.</p>
<p>The API is at <a href="/api/openapi.json">/api/openapi.json</a>.</p>
</body>
</html>
`;

/**
 * Serves the built web UI (`packages/web/dist`): `index.html` at `/` and at every client-side route
 * (through the not-found handler: `fallback`), `/assets/*` with a year's cache. `index.html` is never
 * cached, so a new build is picked up on the next load; it is read from disk on each request (a few
 * hundred bytes), so a build made while the server runs needs no restart. Assets are kept in memory,
 * gzipped once, by name: a name is a content hash, so a kept one is never stale.
 */
export function webUi(distDir: string = DEFAULT_WEB_DIR): { register(app: App): void; fallback: PageFallback } {
  const assetsDir = resolve(distDir, 'assets');
  const assets = new Map<string, Asset>();

  async function sendIndex(reply: FastifyReply): Promise<void> {
    let html: Buffer;
    try {
      html = await readFile(join(distDir, 'index.html'));
    } catch {
      // Not a 500: the server works, the build is missing. Says how to make it.
      await reply.code(503).headers(PAGE_HEADERS).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(MISSING_BUILD);
      return;
    }
    await reply.code(200).headers(PAGE_HEADERS).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
  }

  async function loadAsset(name: string): Promise<Asset | null> {
    const kept = assets.get(name);
    if (kept) return kept;
    if (!ASSET_NAME.test(name)) return null;
    const path = resolve(assetsDir, name);
    if (!path.startsWith(assetsDir + sep)) return null;
    try {
      if (!(await stat(path)).isFile()) return null;
      const body = await readFile(path);
      const ext = extname(name);
      const asset = { type: TYPES[ext] ?? 'application/octet-stream', body, gzip: COMPRESSIBLE.has(ext) ? gzipSync(body) : null };
      assets.set(name, asset);
      return asset;
    } catch {
      return null;
    }
  }

  async function sendAsset(request: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply): Promise<FastifyReply> {
    const asset = await loadAsset(request.params.file);
    if (!asset) throw new PatchbayError('not_found', 'The web UI has no such file: reload the page to get the current build.');
    reply.headers({ 'cache-control': ASSET_CACHE, 'x-content-type-options': 'nosniff', vary: 'accept-encoding' }).type(asset.type);
    if (asset.gzip && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      return reply.header('content-encoding', 'gzip').send(asset.gzip);
    }
    return reply.send(asset.body);
  }

  return {
    register(app) {
      app.get('/', { schema: { hide: true } }, async (_request, reply) => sendIndex(reply));
      app.get<{ Params: { file: string } }>('/assets/:file', { schema: { hide: true } }, sendAsset);
    },
    fallback(request, reply) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return false;
      if (NOT_PAGES.test(request.url)) return false;
      // A browser navigating asks for HTML; API clients and scripts get the 404 envelope.
      if (!String(request.headers.accept ?? '').includes('text/html')) return false;
      void sendIndex(reply);
      return true;
    },
  };
}
