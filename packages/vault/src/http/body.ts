import { UpstreamError } from '@patchbay/core';

/** Reads a response body up to a cap (a huge answer must not exhaust memory), parsing JSON when declared. */
export async function readBody(response: Response, maxBytes: number): Promise<unknown> {
  if (!response.body) return null;
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
  const text = Buffer.concat(chunks).toString('utf8');
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
