import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { OPENAPI_COMPONENT, type Config, type Logger } from '@patchbay/core';
import type { Engine } from '@patchbay/engine';
import type { Store } from '@patchbay/store';
import type { ConnectionService } from '@patchbay/vault';
import { clientErrorHandler, expectationFailed } from './http/client-errors.ts';
import { installClosingAnswer } from './http/closing.ts';
import { BODY_LIMIT_BYTES, installErrorHandlers, sendError } from './http/errors.ts';
import { installJsonParser } from './http/json-parser.ts';
import { collectRouteMethods } from './http/method-not-allowed.ts';
import { installUrlNulGuard } from './http/nul-guard.ts';
import { documentComponents } from './http/components.ts';
import { registerOpenApi, registerOpenApiRoute } from './http/openapi.ts';
import { installRequestLog } from './http/request-log.ts';
import { registerRoutes } from './routes/index.ts';
import type { App } from './types.ts';
import { registerWebUi, webUi } from './web/index.ts';

export interface BuildServerOptions {
  config: Config;
  store: Store;
  service: ConnectionService;
  engine: Engine;
  logger: Logger;
  /** The built web UI. Default: packages/web/dist. */
  webDir?: string;
}

const API_VERSION = '0.1.0';
/** No id Patchbay issues is this long: the router refuses longer :params and frameworkErrors answers 404. */
const MAX_PARAM_LENGTH = 200;

/** Builds the HTTP API (not listening yet): routes, auth, one error envelope, OpenAPI document. */
export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const { config, store, service, engine, logger } = options;
  const app: App = Fastify<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger>({
    loggerInstance: logger,
    // Logged by installRequestLog instead: Fastify's own lines include the query string.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    ajv: {
      customOptions: {
        // Unknown properties are an error the client should see, not something silently dropped,
        // and a body's types are what the client sent: "1" is not the number 1.
        removeAdditional: false,
        coerceTypes: false,
        useDefaults: true,
        allErrors: true,
        // Marks schemas the document shows as a shared component (components.ts); not a rule.
        keywords: [OPENAPI_COMPONENT],
      },
    },
    frameworkErrors: (err, request, reply) => sendError(err, request, reply),
    // Fastify's own 503 while closing has a body of its own shape: closing.ts answers in the envelope.
    return503OnClosing: false,
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.server.on('checkExpectation', expectationFailed);
  app.decorateRequest('actor', null);
  // Before any route: it notes each route's methods as it is added, for 405 answers.
  const routeMethods = collectRouteMethods(app, MAX_PARAM_LENGTH);
  // The first onRequest hook: a request that will not be served runs nothing else.
  installClosingAnswer(app);
  installUrlNulGuard(app);
  installJsonParser(app);
  const ui = webUi(options.webDir);
  installErrorHandlers(app, routeMethods, ui.fallback);
  installRequestLog(app);
  await registerOpenApi(app, { version: API_VERSION, publicUrl: config.publicUrl, components: documentComponents(service.connectors()) });
  registerOpenApiRoute(app);
  await registerRoutes(app, { store, service, engine });
  registerWebUi(app, { store, ui, publicUrl: config.publicUrl });
  await app.ready();
  return app;
}
