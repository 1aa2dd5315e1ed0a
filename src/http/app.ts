/**
 * The HTTP server: a Fastify instance over an engine, with Salesforce's REST resources under
 * `/services/data/vNN.N/` (authenticated), the OAuth token endpoint, OpenAPI, health and
 * metrics. Bodies are JSON only (form bodies only for the OAuth endpoint), at most
 * `bodyLimitBytes`; a rejected request executes nothing.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ThrottlePolicy } from '../access/login-throttle.js';
import type { Engine } from '../engine.js';
import { trackAllowedMethods } from './allowed-methods.js';
import { ApiError } from './api-error.js';
import { checkApiVersion, registerResourceIndex, registerVersionRoutes } from './api-versions.js';
import { registerActionsRoutes } from './actions-routes.js';
import { authenticate, forgetCallersAfterWrites } from './authenticate.js';
import { registerFlowInterviewRoutes } from './flow-interview-routes.js';
import { registerFlowRoutes } from './flow-routes.js';
import { registerHealthRoutes } from './health-routes.js';
import { registerIdentityRoutes } from './identity-routes.js';
import { registerMetrics, type Metrics } from './metrics.js';
import { registerOAuthRoutes } from './oauth-routes.js';
import { buildOpenApiDocument } from './openapi.js';
import { registerQueryRoutes } from './query-routes.js';
import { installErrorHandling } from './render-error.js';
import { serializeRequest } from './serialize-request.js';
import { registerSoapLoginRoutes } from './soap-login-routes.js';
import { registerSObjectRoutes } from './sobject-routes.js';
import { createRecordWaits, type WaitLimits } from './record-waits.js';
import { registerWebPages } from '../web/register-web.js';
import { defaultTokenTtlMs } from '../access/access-tokens.js';
import { loginThrottlePolicy } from '../access/login-throttle.js';

export interface AppOptions {
  readonly engine: Engine;
  readonly metrics: Metrics;
  readonly logger?: FastifyBaseLogger;
  /** Largest accepted request body; larger ones are answered 413 unread. Default 1 MiB. */
  readonly bodyLimitBytes?: number;
  /** Lifetime of tokens from the password grant; default 12 hours. */
  readonly tokenTtlMs?: number;
  /**
   * Fastify's `trustProxy`: true, or the balancers' addresses (comma-separated, CIDR allowed),
   * whose X-Forwarded-For names the client. The password grant throttles per client address.
   */
  readonly trustProxy?: boolean | string;
  /** The password grant's throttling; default the documented `loginThrottlePolicy`. */
  readonly loginThrottlePolicy?: ThrottlePolicy;
  /** Caps on `Prefer: wait` requests waiting at once (record-waits.ts). */
  readonly waitLimits?: WaitLimits;
  /** The buyer pages at `/` and the console at `/console` (src/web); default on. */
  readonly webPages?: boolean;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError('JSON_PARSER_ERROR', 400, `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

export function buildApp(options: AppOptions): FastifyInstance {
  const { engine, metrics } = options;
  const app = Fastify({
    ...(options.logger === undefined
      ? { logger: false }
      : { loggerInstance: options.logger.child({}, { serializers: { req: serializeRequest } }) }),
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    // The Salesforce CLI asks for `//services/data/...`.
    routerOptions: { ignoreDuplicateSlashes: true },
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
  });
  const allowedMethods = trackAllowedMethods(app);
  installErrorHandling(app, allowedMethods);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJson(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    done(null, payload);
  });

  registerMetrics(app, metrics, engine.store.db);
  registerHealthRoutes(app, engine.store);
  registerVersionRoutes(app);
  const openApi = buildOpenApiDocument();
  app.get('/openapi.json', () => openApi);

  app.register((scope, _options, done) => {
    // The token endpoint takes the form body OAuth 2.0 specifies, and JSON.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, parsed) =>
      parsed(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    registerOAuthRoutes(scope, engine.store, {
      ...(options.tokenTtlMs === undefined ? {} : { tokenTtlMs: options.tokenTtlMs }),
      ...(options.loginThrottlePolicy === undefined ? {} : { throttlePolicy: options.loginThrottlePolicy }),
    });
    done();
  });

  const waits = createRecordWaits(engine.recordChanges, options.waitLimits);
  // Before the server waits for requests in flight: a waiting request answers at once.
  app.addHook('preClose', (done) => {
    waits.close();
    done();
  });

  registerIdentityRoutes(app, engine.store);
  app.register((scope, _options, done) => {
    registerSoapLoginRoutes(scope, engine.store, {
      ...(options.tokenTtlMs === undefined ? {} : { tokenTtlMs: options.tokenTtlMs }),
      ...(options.loginThrottlePolicy === undefined ? {} : { throttlePolicy: options.loginThrottlePolicy }),
    });
    done();
  });

  app.register((scope, _options, done) => {
    scope.addHook('onRequest', checkApiVersion);
    scope.addHook('onRequest', authenticate(engine.store.db, engine.callers));
    scope.addHook('onSend', forgetCallersAfterWrites(engine.callers));
    registerResourceIndex(scope);
    registerActionsRoutes(scope, engine, metrics);
    registerSObjectRoutes(scope, engine.store, engine.providerSettings, waits);
    registerQueryRoutes(scope, engine.store, engine.queryBudgetMs);
    registerFlowRoutes(scope, engine);
    registerFlowInterviewRoutes(scope, engine);
    done();
  });

  if (options.webPages !== false) {
    registerWebPages(app, engine, {
      tokenTtlMs: options.tokenTtlMs ?? defaultTokenTtlMs,
      throttlePolicy: options.loginThrottlePolicy ?? loginThrottlePolicy,
    });
  }
  return app;
}
