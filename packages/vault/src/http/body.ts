import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { UpstreamError } from '@patchbay/core';
import type { HttpResponse } from '@patchbay/sdk';
import type { Hop } from './transport.ts';

/** The content codings the client asks for (`accept-encoding`) and inflates, as fetch did. */
export const ACCEPTED_ENCODINGS = 'gzip, deflate, br';
const INFLATERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * An answer as connectors see it: the body read up to a cap (a huge answer must not exhaust memory)
 * after inflating it, parsed when it is JSON. An inflated answer loses its content-encoding and
 * content-length headers, which described the bytes on the wire.
 */
export async function readAnswer(hop: Hop, maxBytes: number): Promise<HttpResponse> {
  const coding = (hop.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const inflater = INFLATERS[coding];
  const type = hop.headers['content-type'] ?? '';
  if (!inflater) return { status: hop.status, headers: hop.headers, body: parse(await readText(hop, maxBytes), type) };
  const text = await readInflated(hop.body, inflater(), coding, maxBytes);
  const { 'content-encoding': _encoding, 'content-length': _length, ...decoded } = hop.headers;
  return { status: hop.status, headers: decoded, body: parse(text, type) };
}

function parse(text: string, type: string): unknown {
  if (text.length === 0) return null;
  if (!/[/+]json\b/i.test(type)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function readText(hop: Hop, maxBytes: number): Promise<string> {
  // A declared length within the cap is read in one go (HTTP/1.1 framing ends the body there).
  const declared = Number(hop.headers['content-length'] ?? Number.NaN);
  if (Number.isSafeInteger(declared) && declared <= maxBytes) return hop.body.text();
  return readCapped(hop.body, maxBytes);
}

async function readInflated(body: Readable, inflater: NodeJS.ReadWriteStream, coding: string, maxBytes: number): Promise<string> {
  // pipeline ends both on an error of either (a dropped connection, a corrupt body).
  pipeline(body, inflater, () => {});
  try {
    return await readCapped(inflater, maxBytes);
  } catch (err) {
    if (err instanceof UpstreamError) throw err;
    throw new UpstreamError('upstream_bad_body', `The app's answer could not be decompressed (content-encoding ${coding}). The request reached the app: check there whether it took effect.`, { cause: err });
  }
}

/** Reads a stream to its end, or fails as soon as it passes the cap (leaving the loop destroys the stream). */
async function readCapped(stream: AsyncIterable<unknown>, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += bytes.byteLength;
    if (size > maxBytes) {
      throw new UpstreamError('response_too_large', `The app's answer is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB; ask for less (use paging or filters).`);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}
