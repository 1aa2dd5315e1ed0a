/**
 * The web pages, served by the same Fastify app as the API (docs/decisions/0026-web-pages.md):
 * buyer pages at `/` and the operations console at `/console`. In this scope, bodies are
 * urlencoded forms; every request learns its signed-in user; every POST must come from this
 * site and carry the session's CSRF token (the sign-in form carries its own nonce); errors are
 * answered as HTML pages, a sign-in requirement as a redirect to the sign-in page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ThrottlePolicy } from '../access/login-throttle.js';
import type { Engine } from '../engine.js';
import { ApiError } from '../http/api-error.js';
import { toApiError } from '../http/render-error.js';
import { registerCartPages } from './cart-pages.js';
import { registerCheckoutPages } from './checkout-pages.js';
import { registerConsolePages } from './console-pages.js';
import { html } from './html.js';
import { renderPage } from './page-layout.js';
import { registerSignInRoutes } from './sign-in-routes.js';
import { script, stylesheet } from './web-assets.js';
import { formOf, parseForm, rememberUser, userOf } from './web-request.js';
import { csrfField, isCrossSite, isSameText, webUserOf } from './web-session.js';

export interface WebOptions {
  readonly tokenTtlMs: number;
  readonly throttlePolicy: ThrottlePolicy;
}

const securityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

export function sendPage(reply: FastifyReply, page: string, status = 200) {
  return reply.status(status).type('text/html; charset=utf-8').send(page);
}

function renderError(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const known = toApiError(error);
  if (known?.errorCode === 'INVALID_SESSION_ID' && request.method === 'GET') {
    return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
  }
  const status = known?.httpStatus ?? 500;
  if (known === null || status >= 500) request.log.error({ err: error }, 'web page failed');
  const message = known === null || status >= 500 ? 'Something went wrong; it has been logged.' : known.message;
  const body = html`<div class="alert" role="alert">
      <h2>${status === 404 ? 'Not found' : 'This did not work'}</h2>
      <p>${message}</p>
    </div>
    <p><a href="/">Back to my carts</a></p>`;
  return sendPage(reply, renderPage({ title: 'Error', user: userOf(request), body }), status);
}

export function registerWebPages(app: FastifyInstance, engine: Engine, options: WebOptions): void {
  app.get('/assets/web.css', (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(stylesheet),
  );
  app.get('/assets/web.js', (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(script),
  );

  app.register((scope, _options, done) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, parsed) =>
      parsed(null, parseForm(body as string)),
    );
    scope.addHook('onSend', (_request, reply, payload, next) => {
      for (const [name, value] of Object.entries(securityHeaders)) void reply.header(name, value);
      void reply.header('cache-control', 'no-store');
      next(null, payload);
    });
    scope.addHook('preHandler', async (request) => {
      rememberUser(request, await webUserOf(engine.store.db, request));
      if (request.method !== 'POST') return;
      if (isCrossSite(request)) {
        throw new ApiError('INSUFFICIENT_ACCESS_OR_READONLY', 403, 'A form of another site may not post here');
      }
      if (request.routeOptions.url === '/login') return;
      const user = userOf(request);
      if (user !== null && !isSameText(formOf(request)[csrfField], user.csrfToken)) {
        throw new ApiError('INSUFFICIENT_ACCESS_OR_READONLY', 403, 'The form expired; reload the page and try again');
      }
    });
    scope.setErrorHandler((error, request, reply) => renderError(request, reply, error));

    registerSignInRoutes(scope, engine.store, options);
    registerCartPages(scope, engine);
    registerCheckoutPages(scope, engine);
    registerConsolePages(scope, engine);
    done();
  });
}
