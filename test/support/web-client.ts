/** A browser-like client of the web pages over fetch: keeps cookies, reads form tokens, posts forms. */
export interface WebResponse {
  readonly status: number;
  readonly location: string | null;
  readonly text: string;
}

export class WebClient {
  readonly cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const separator = pair!.indexOf('=');
      const name = pair!.slice(0, separator);
      const value = pair!.slice(separator + 1);
      if (/Max-Age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string): Promise<WebResponse> {
    const response = await fetch(this.baseUrl + path, { headers: { cookie: this.cookieHeader() }, redirect: 'manual' });
    this.remember(response);
    return { status: response.status, location: response.headers.get('location'), text: await response.text() };
  }

  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<WebResponse> {
    const response = await fetch(this.baseUrl + path, {
      method: 'POST',
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
    this.remember(response);
    return { status: response.status, location: response.headers.get('location'), text: await response.text() };
  }

  async signIn(username: string, password: string): Promise<WebResponse> {
    const page = await this.get('/login');
    const nonce = /name="_signin" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    return this.post('/login', { _signin: nonce, next: '/', username, password });
  }

  /** The CSRF token of the signed-in session, as the pages embed it. */
  async csrfToken(path = '/'): Promise<string> {
    const page = await this.get(path);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    if (token === undefined) throw new Error(`no CSRF token on ${path} (status ${page.status})`);
    return token;
  }
}
