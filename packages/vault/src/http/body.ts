import { UpstreamError } from '@patchbay/core';

/** Reads a response body up to a cap (a huge answer must not exhaust memory), parsing JSON when declared. */
export async function readBody(response: Response, maxBytes: number): Promise<unknown> {
  if (!response.body) return null;
  return parseBody(response, await readText(response, maxBytes));
}

async function readText(response: Response, maxBytes: number): Promise<string> {
  // A declared length within the cap is read in one go (HTTP/1.1 framing ends the body there, and
  // fetch fails a body shorter than declared): a stream read chunk by chunk costs more per answer.
  // Not for a compressed body: its length says nothing of what it inflates to.
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  const encoded = (response.headers.get('content-encoding') ?? 'identity').toLowerCase() !== 'identity';
  if (!encoded && Number.isSafeInteger(declared) && declared <= maxBytes) return Buffer.from(await response.arrayBuffer()).toString('utf8');
  return readCapped(response, maxBytes);
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new UpstreamError('response_too_large', `The app's answer is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB; ask for less (use paging or filters).`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(response: Response, text: string): unknown {
  if (text.length === 0) return null;
  const type = response.headers.get('content-type') ?? '';
  if (/[/+]json\b/i.test(type)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}
