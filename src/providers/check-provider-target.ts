/**
 * Whether a RegisteredExternalService's Target is one the operator allows, for its kind
 * (SPEC.md section 7): the sObject API refuses a service that fails this, and the engine checks
 * again before it loads a module or calls a URL.
 */
import type { ProviderKind } from '../domain/vocabulary.js';
import { checkHttpTarget } from './check-http-target.js';
import type { ProviderSettings } from './provider-settings.js';
import { resolveModuleTarget } from './resolve-module-target.js';

/** Null when the Target is allowed; otherwise why not (a message for the integrator). */
export function checkProviderTarget(kind: ProviderKind, target: string, settings: ProviderSettings): string | null {
  if (kind === 'Http') return checkHttpTarget(target, settings.httpHosts);
  const resolution = resolveModuleTarget(target, settings.moduleDir);
  return resolution.isResolved ? null : resolution.reason;
}
