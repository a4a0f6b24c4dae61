import { type IncomingMessage, STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Requests Node's HTTP parser rejects before Fastify sees them (malformed request line, headers
 * too large, timeouts) get the same envelope as every other error. Mirrors Fastify's default
 * handler otherwise: nothing is written to a socket that is gone.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'request_timeout', 'The request took too long to arrive: send it again.']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers_too_large', 'The request headers are too large.']
        : [400, 'invalid_request', 'The request is not valid HTTP.'];
  const body = JSON.stringify({ error: { code, message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * `Expect` other than `100-continue` (which Node answers itself): Node would answer 417 with an
 * empty body before Fastify sees the request ('checkExpectation' is emitted instead of 'request').
 */
export function expectationFailed(_request: IncomingMessage, response: ServerResponse): void {
  const body = JSON.stringify({
    error: {
      code: 'expectation_failed',
      message: 'The only expectation Patchbay meets is "Expect: 100-continue": remove the Expect header and send the request again.',
    },
  });
  response.writeHead(417, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
  response.end(body);
}
