/**
 * Sign in and out. Sign-in checks the password exactly as the OAuth password grant does
 * (access/passwords.ts) under the same throttling per username and per client address
 * (access/login-throttle.ts), then issues an ordinary access token into the session cookie.
 * The form carries a nonce matching a cookie set with it, so another site can't sign a browser
 * into an account of its choosing. Sign-out revokes the token, so a copied cookie dies too.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { issueAccessToken, revokeAccessToken } from '../access/access-tokens.js';
import { recordLoginSuccess, reserveLoginAttempt, type ThrottlePolicy } from '../access/login-throttle.js';
import { authenticatePassword } from '../access/passwords.js';
import { objects } from '../records/registry.js';
import type { Store } from '../store/database.js';
import { html } from './html.js';
import { renderPage } from './page-layout.js';
import { formOf, userOf } from './web-request.js';
import { cookieOf, isSameText, newSignInNonce, sessionCookie, setCookie, signInCookie } from './web-session.js';

export interface SignInOptions {
  readonly tokenTtlMs: number;
  readonly throttlePolicy: ThrottlePolicy;
}

/** Where to go after sign-in: a path of this site only, never another origin. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(value) ? value : '/';
}

function renderSignIn(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { next: string; error?: string; username?: string; status?: number },
) {
  const nonce = newSignInNonce();
  setCookie(request, reply, signInCookie, nonce, 15 * 60);
  const error = options.error;
  const body = html` ${
      error !== undefined &&
      html`<div class="alert" role="alert" id="sign-in-error">
        <h2>Sign-in failed</h2>
        <p>${error}</p>
      </div>`
    }
    <form method="post" action="/login" class="sign-in">
      <input type="hidden" name="_signin" value="${nonce}" />
      <input type="hidden" name="next" value="${options.next}" />
      <div class="field">
        <label for="username">Username</label>
        <input
          id="username"
          name="username"
          type="text"
          autocomplete="username"
          required
          value="${options.username ?? ''}"
          ${error !== undefined && html`aria-describedby="sign-in-error"`}
          autofocus
        />
      </div>
      <div class="field">
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
      </div>
      <div class="actions"><button type="submit">Sign in</button></div>
    </form>`;
  return reply
    .status(options.status ?? 200)
    .type('text/html; charset=utf-8')
    .send(renderPage({ title: 'Sign in', user: null, body }));
}

export function registerSignInRoutes(app: FastifyInstance, store: Store, options: SignInOptions): void {
  const usernameLength = objects.user.fields.username.length ?? 80;

  app.get<{ Querystring: { next?: unknown } }>('/login', (request, reply) =>
    renderSignIn(request, reply, { next: safeNext(request.query.next) }),
  );

  app.post('/login', async (request, reply) => {
    const form = formOf(request);
    const next = safeNext(form.next);
    const nonce = cookieOf(request, signInCookie);
    if (nonce === undefined || !isSameText(form._signin, nonce)) {
      return renderSignIn(request, reply, {
        next,
        status: 403,
        error: 'The sign-in form expired or came from another site. Please try again.',
      });
    }
    const username = form.username ?? '';
    const password = form.password ?? '';
    const refuse = (error: string) => renderSignIn(request, reply, { next, username, error, status: 401 });
    if (username === '' || password === '' || username.length > usernameLength) {
      return refuse('Wrong username or password.');
    }
    const reservation = await reserveLoginAttempt(
      store,
      { username, address: request.ip },
      new Date(),
      options.throttlePolicy,
    );
    if (!reservation.isAllowed) {
      const seconds = reservation.retryAfterSeconds;
      void reply.header('retry-after', String(seconds));
      return refuse(`Too many failed attempts. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`);
    }
    const userId = await authenticatePassword(store.db, username, password);
    if (userId === null) return refuse('Wrong username or password.');
    await recordLoginSuccess(store, reservation);
    const token = await issueAccessToken(store.db, userId, { ttlMs: options.tokenTtlMs });
    setCookie(request, reply, sessionCookie, token, options.tokenTtlMs / 1000);
    setCookie(request, reply, signInCookie, '', 0);
    return reply.redirect(next, 303);
  });

  app.post('/logout', async (request, reply) => {
    const user = userOf(request);
    if (user !== null) await revokeAccessToken(store.db, user.token);
    setCookie(request, reply, sessionCookie, '', 0);
    return reply.redirect('/login', 303);
  });
}
