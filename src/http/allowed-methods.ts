/**
 * The methods each route path answers, so an unknown method on a known path gets 405 with an
 * `Allow` header rather than Fastify's 404 (the router matches method and path together).
 */
import type { FastifyInstance } from 'fastify';

interface PathMethods {
  readonly pattern: RegExp;
  readonly methods: Set<string>;
}

export interface AllowedMethods {
  /** The methods routed for this concrete path; empty when no route has the path. */
  of(path: string): string[];
}

function patternOf(url: string): RegExp {
  const escaped = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}/?$`);
}

/** Starts recording the routes added to `app` from now on. */
export function trackAllowedMethods(app: FastifyInstance): AllowedMethods {
  const paths = new Map<string, PathMethods>();
  app.addHook('onRoute', (route) => {
    const entry = paths.get(route.url) ?? { pattern: patternOf(route.url), methods: new Set<string>() };
    for (const method of [route.method].flat()) entry.methods.add(method);
    paths.set(route.url, entry);
  });
  return {
    of(path) {
      const methods = new Set<string>();
      for (const entry of paths.values()) {
        if (entry.pattern.test(path)) for (const method of entry.methods) methods.add(method);
      }
      return [...methods].filter((method) => method !== 'HEAD').sort();
    },
  };
}
