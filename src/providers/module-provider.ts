/**
 * Custom providers written as modules: a JavaScript or TypeScript file in the operator's provider
 * directory whose default export (or export named `provider`) implements the service's
 * interface. The service's Target names the module (resolve-module-target.ts); it is resolved
 * again at every load, so a row written before the rule, or a file since replaced by a link
 * leading outside, is refused without importing anything. Each module is imported once per
 * process and kept; changing it takes a restart. TypeScript modules need a runtime that loads
 * them (tsx, vitest, or a Node version that strips types).
 */
import { pathToFileURL } from 'node:url';
import type { ServiceProviderType } from '../domain/vocabulary.js';
import { providerMethods, type ProviderByType } from './providers.js';
import { resolveModuleTarget } from './resolve-module-target.js';

const loaded = new Map<string, Promise<Record<string, unknown>>>();

export async function loadModuleProvider<T extends ServiceProviderType>(
  name: string,
  type: T,
  moduleDir: string | null,
): Promise<ProviderByType[T]> {
  const resolution = resolveModuleTarget(name, moduleDir);
  if (!resolution.isResolved) throw new Error(`${type} module provider ${name} refused: ${resolution.reason}`);
  const url = pathToFileURL(resolution.file).href;
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
    throw new Error(`Module ${name} exports no ${type} provider (an object with a ${method} method)`);
  }
  return candidate as ProviderByType[T];
}
