/**
 * The page shell every web page shares: language, title, one stylesheet and one small script
 * served by this process (nothing from elsewhere), a skip link, the navigation and the
 * sign-out form. The stylesheet keeps text contrast at or above 4.5:1 and draws a visible focus
 * ring; the script only enhances (pages work without it).
 */
import { isInternalCaller } from '../access/caller.js';
import { html, type SafeHtml } from './html.js';
import { csrfField, type WebUser } from './web-session.js';

export interface PageOptions {
  readonly title: string;
  readonly user: WebUser | null;
  readonly body: SafeHtml;
  /** Seconds after which the browser loads `refreshUrl` (wait pages); none by default. */
  readonly refreshSeconds?: number;
  readonly refreshUrl?: string;
}

export function csrfInput(user: WebUser): SafeHtml {
  return html`<input type="hidden" name="${csrfField}" value="${user.csrfToken}" />`;
}

function navigation(user: WebUser | null): SafeHtml {
  if (user === null) return html``;
  return html`<nav aria-label="Main">
    <ul>
      ${user.caller.accountId !== null && html`<li><a href="/">My carts</a></li>`}
      ${isInternalCaller(user.caller) && html`<li><a href="/console">Operations console</a></li>`}
      <li>
        <form method="post" action="/logout">
          ${csrfInput(user)}<button type="submit" class="link">Sign out</button>
        </form>
      </li>
    </ul>
  </nav>`;
}

export function renderPage(options: PageOptions): string {
  const refresh =
    options.refreshSeconds === undefined
      ? html``
      : html`<meta http-equiv="refresh" content="${`${options.refreshSeconds}; url=${options.refreshUrl ?? ''}`}" />`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} · b2b-checkout</title>
        ${refresh}
        <link rel="stylesheet" href="/assets/web.css" />
        <script src="/assets/web.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header><span class="brand">b2b-checkout</span>${navigation(options.user)}</header>
        <main id="main" tabindex="-1">
          <h1>${options.title}</h1>
          ${options.body}
        </main>
      </body>
    </html> `.text;
}
