/**
 * The custom provider a store maps for a service type: its `StoreIntegratedService` row names
 * a `RegisteredExternalService` by Id or DeveloperName. No mapping → the built-in provider.
 */
import type { Kysely, Selectable } from 'kysely';
import type { ServiceProviderType } from '../domain/vocabulary.js';
import type { Database } from '../records/registry.js';

export type RegisteredServiceRow = Selectable<Database['registered_external_service']>;

export type StoreService =
  | { readonly kind: 'built-in' }
  | { readonly kind: 'custom'; readonly service: RegisteredServiceRow }
  /** A mapping that names no service of the right type: every call of the step fails. */
  | { readonly kind: 'broken'; readonly reason: string };

export async function findStoreService(
  db: Kysely<Database>,
  storeId: string,
  type: ServiceProviderType,
  /** The mapping's Integration when already read (null: no mapping); left out, read here. */
  integration?: string | null,
): Promise<StoreService> {
  const mapping =
    integration === undefined
      ? await db
          .selectFrom('store_integrated_service')
          .select('integration')
          .where('store_id', '=', storeId)
          .where('service_provider_type', '=', type)
          .executeTakeFirst()
      : integration === null
        ? undefined
        : { integration };
  if (mapping === undefined) return { kind: 'built-in' };
  const service = await db
    .selectFrom('registered_external_service')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', mapping.integration), eb('developer_name', '=', mapping.integration)]))
    .executeTakeFirst();
  if (service === undefined) {
    return { kind: 'broken', reason: `The store's ${type} integration ${mapping.integration} is not registered` };
  }
  if (service.external_service_provider_type !== type) {
    return {
      kind: 'broken',
      reason: `The store's ${type} integration ${service.developer_name} is a ${service.external_service_provider_type} service`,
    };
  }
  return { kind: 'custom', service };
}

/** Time limit and retries for the step's operation, from the store's custom service if it sets them. */
export async function operationLimitsFor(
  db: Kysely<Database>,
  storeId: string,
  type: ServiceProviderType,
): Promise<{ timeoutMs?: number; retryLimit?: number }> {
  const found = await findStoreService(db, storeId, type);
  if (found.kind !== 'custom') return {};
  const { timeout_ms: timeoutMs, retry_limit: retryLimit } = found.service;
  return {
    ...(timeoutMs === null || timeoutMs <= 0 ? {} : { timeoutMs }),
    ...(retryLimit === null || retryLimit < 0 ? {} : { retryLimit }),
  };
}
