/**
 * Providers that time their calls: each call of a step's provider is kept with its service
 * type, duration and outcome, and written to the checkout event log with the step's result
 * (finish-operation.ts), in the transaction that records it — never in a transaction of its
 * own, so provider calls cost no statement.
 */
import type { ServiceProviderType } from '../domain/vocabulary.js';
import { providerMethods, type ProviderByType, type Providers } from '../providers/providers.js';

export interface ProviderCall {
  readonly serviceType: ServiceProviderType;
  readonly method: string;
  readonly durationMs: number;
  /** `Success`, or the error's message. */
  readonly outcome: string;
  readonly isSuccess: boolean;
}

/** `providers` whose providers push a ProviderCall into `calls` at the end of every call. */
export function recordProviderCalls(providers: Providers, calls: ProviderCall[]): Providers {
  return {
    async forStore<T extends ServiceProviderType>(
      storeId: string,
      type: T,
      integration?: string | null,
    ): Promise<ProviderByType[T]> {
      const provider = await providers.forStore(storeId, type, integration);
      const method = providerMethods[type];
      const call = (provider as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[method]!;
      const timed = async (...args: unknown[]) => {
        const startedMs = performance.now();
        const record = (outcome: string, isSuccess: boolean) =>
          calls.push({ serviceType: type, method, durationMs: performance.now() - startedMs, outcome, isSuccess });
        try {
          const result = await call.apply(provider, args);
          record('Success', true);
          return result;
        } catch (error) {
          record(error instanceof Error ? error.message : String(error), false);
          throw error;
        }
      };
      return { ...provider, [method]: timed };
    },
  };
}
