/**
 * An HTTP provider's Target must be an `http:` or `https:` URL (no `file:`, `data:` or other
 * scheme fetch would follow) and, when the operator lists hosts, one of them. Checked when the
 * service is written and again before every call.
 */

export interface AllowedHost {
  /** Lower case, IPv6 addresses in brackets as in a URL. */
  readonly hostname: string;
  /** Null: any port. */
  readonly port: string | null;
}

/** One entry of B2B_CHECKOUT_PROVIDER_HOSTS (`host` or `host:port`), or null when it is neither. */
export function parseAllowedHost(entry: string): AllowedHost | null {
  const text = entry.trim();
  if (text === '' || /[/?#@\\\s]/.test(text)) return null;
  try {
    const url = new URL(`http://${text}`);
    const hasPort = /:\d+$/.test(text);
    return { hostname: url.hostname.toLowerCase(), port: hasPort ? (url.port === '' ? '80' : url.port) : null };
  } catch {
    return null;
  }
}

function effectivePort(url: URL): string {
  if (url.port !== '') return url.port;
  return url.protocol === 'https:' ? '443' : '80';
}

/** Null when the Target may be called; otherwise why not. */
export function checkHttpTarget(target: string, httpHosts: readonly string[] | null): string | null {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return 'An Http provider Target must be an absolute http: or https: URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `An Http provider Target must be an http: or https: URL, not ${url.protocol}`;
  }
  if (url.username !== '' || url.password !== '') {
    return 'An Http provider Target must not carry credentials: requests are signed with the Secret';
  }
  if (httpHosts === null) return null;
  const hostname = url.hostname.toLowerCase();
  const port = effectivePort(url);
  const isAllowed = httpHosts.some((entry) => {
    const allowed = parseAllowedHost(entry);
    return allowed !== null && allowed.hostname === hostname && (allowed.port === null || allowed.port === port);
  });
  return isAllowed
    ? null
    : `The host ${url.host} is not one of the provider hosts the operator allows (B2B_CHECKOUT_PROVIDER_HOSTS)`;
}
