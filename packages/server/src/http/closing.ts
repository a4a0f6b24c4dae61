import type { App } from '../types.ts';
import { envelope } from './errors.ts';

/** What a request that arrives while the server shuts down is told: another process (or this one, restarted) will answer it. */
export const CLOSING_ERROR = envelope(503, 'unavailable', 'Patchbay is shutting down and takes no new requests: send the request again in a few seconds.');

/**
 * While `app.close()` waits for the requests in flight, new ones still arrive on connections that
 * were open (keep-alive, pipelined). Fastify answers those 503 itself (`return503OnClosing`) with a
 * body of its own shape; app.ts turns that off and this hook answers them instead, in the API's
 * envelope. Fastify still marks those answers `Connection: close` (route.js, before the hooks run);
 * the header is set here too so the answer says so whatever Fastify does. It is the first onRequest
 * hook: nothing else (auth, the store) runs for a request that will not be served.
 */
export function installClosingAnswer(app: App): void {
  let closing = false;
  // preClose runs once Fastify has marked itself closing and before it stops the listener.
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (_request, reply, done) => {
    if (!closing) {
      done();
      return;
    }
    reply.code(CLOSING_ERROR.status).header('connection', 'close').type('application/json; charset=utf-8').send(CLOSING_ERROR.body);
  });
}
