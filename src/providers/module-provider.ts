/**
 * Custom providers written as modules: a JavaScript or TypeScript file whose default export (or
 * export named `provider`) implements the service's interface. A relative path is resolved
 * from the working directory. Each module is imported once per process and kept; changing it
 * takes a restart. TypeScript modules need a runtime that loads them (tsx, vitest, or a Node
 * version that strips types).
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServiceProviderType } from '../domain/vocabulary.js';
import { providerMethods, type ProviderByType } from './providers.js';

const loaded = new Map<string, Promise<Record<string, unknown>>>();

function urlOf(target: string): string {
  if (target.startsWith('file:')) return target;
  return pathToFileURL(isAbsolute(target) ? target : resolve(process.cwd(), target)).href;
}

export async function loadModuleProvider<T extends ServiceProviderType>(
  target: string,
  type: T,
): Promise<ProviderByType[T]> {
  const url = urlOf(target);
  let module = loaded.get(url);
  if (module === undefined) {
    module = import(url) as Promise<Record<string, unknown>>;
    loaded.set(url, module);
    // A failed import is not cached: the next attempt (a retry) imports again.
    module.catch(() => loaded.delete(url));
  }
  const exports = await module;
  const candidate = exports.provider ?? exports.default;
  const method = providerMethods[type];
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof (candidate as Record<string, unknown>)[method] !== 'function'
  ) {
    throw new Error(`Module ${target} exports no ${type} provider (an object with a ${method} method)`);
  }
  return candidate as ProviderByType[T];
}
