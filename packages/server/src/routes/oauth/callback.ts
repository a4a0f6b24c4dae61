import Type from 'typebox';
import type { CallbackResult } from '@patchbay/vault';
import { renderOAuthResultPage } from '../../html/oauth-result-page.ts';
import { ErrorSchema } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

const Param = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

// Providers add their own parameters (session_state, scope, iss…), so unknown ones are allowed here.
// The lengths add up to well under Node's 16 KiB limit for the URL and headers together (beyond it: 431).
const CallbackQuery = Type.Object(
  { state: Param(1024), code: Param(4096), error: Param(256), error_description: Param(2048), error_uri: Param(2048), iss: Param(2048) },
  { additionalProperties: Type.String({ maxLength: 2048 }) },
);

const htmlPage = (description: string) => ({ description, content: { 'text/html': { schema: Type.String() } } });
const envelope = (description: string) => ({ 'application/json': { schema: Type.Object(ErrorSchema.properties, { description }) } });

const UNEXPECTED: CallbackResult = {
  ok: false,
  connectionId: null,
  message: 'Patchbay could not complete the connection because of an internal error. It was logged; try connecting again.',
  code: 'internal_error',
  openerOrigin: null,
  returnTo: null,
};

/**
 * Where the app sends the browser back after the user consents. No API token: the single-use,
 * unguessable `state` is what binds this request to the flow started at /authorize.
 */
export const registerOAuthCallbackRoute: RegisterRoute = (app, { service }) => {
  app.get(
    '/oauth/callback',
    {
      schema: {
        tags: ['system'],
        summary: 'OAuth2 redirect URI: completes the authorisation and answers an HTML page that reports the result to its opener.',
        operationId: 'oauthCallback',
        security: [],
        querystring: CallbackQuery,
        response: {
          200: htmlPage('Connected: the page posts the result to its opener and closes; without an opener it returns to the returnTo path given at /authorize, if any, or shows the result.'),
          400: {
            description: 'The authorisation failed, or the state is unknown, expired or already used (an HTML page); a malformed query (the error envelope).',
            content: { ...htmlPage('').content, ...envelope('A query parameter is longer than allowed, or the URL is malformed.') },
          },
          431: { description: 'The URL and headers together are larger than Node allows (16 KiB).', content: envelope('headers_too_large') },
          500: htmlPage('Internal error.'),
        },
      },
    },
    async (request, reply) => {
      let result: CallbackResult;
      let status: 200 | 400 | 500;
      try {
        result = await service.handleCallback({ ...request.query });
        status = result.ok ? 200 : 400;
      } catch (err) {
        request.log.error({ err }, 'OAuth callback failed');
        result = UNEXPECTED;
        status = 500;
      }
      const page = renderOAuthResultPage(result);
      return reply.code(status).headers(page.headers).send(page.html);
    },
  );
};
