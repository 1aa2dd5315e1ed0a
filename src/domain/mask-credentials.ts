/**
 * Hides the secrets a URL may carry (`postgres://user:password@host/db`, `?password=…`) before
 * it is printed or logged: the user name stays, so an operator can still tell which account a
 * process uses. Anything that is not such a URL (a file path) comes back unchanged. Every
 * message and log line that shows a database or service URL goes through this one function.
 */
const secretParameter = /^(password|passwd|pwd|sslpassword|secret|token|access_token|api_key|apikey)$/i;

export const maskedSecret = '***';

export function maskCredentials(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (scheme === null) return url;
  const rest = url.slice(scheme[0].length);
  const queryStart = rest.search(/[?#]/);
  const beforeQuery = queryStart === -1 ? rest : rest.slice(0, queryStart);
  const query = queryStart === -1 ? '' : rest.slice(queryStart);
  // The user information ends at the last "@" before the query: a raw "@" or "/" in an
  // unencoded password must not leave its tail visible.
  const at = beforeQuery.lastIndexOf('@');
  let authority = beforeQuery;
  if (at !== -1) {
    const userInfo = beforeQuery.slice(0, at);
    const colon = userInfo.indexOf(':');
    if (colon !== -1) authority = `${userInfo.slice(0, colon)}:${maskedSecret}${beforeQuery.slice(at)}`;
  }
  const maskedQuery = query.replace(/([?&;])([^=&;#]+)=([^&;#]*)/g, (whole, separator: string, name: string) =>
    secretParameter.test(decodeName(name)) ? `${separator}${name}=${maskedSecret}` : whole,
  );
  return scheme[0] + authority + maskedQuery;
}

function decodeName(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
