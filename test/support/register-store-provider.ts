/**
 * A custom provider registered as a store's integration for one step (a RegisteredExternalService
 * and the StoreIntegratedService that points the store at it), written as an administrator would
 * through the records, for tests about custom providers.
 */
import type { Kysely } from 'kysely';
import { systemUserId } from '../../src/access/permission-sets.js';
import type { ProviderKind, ServiceProviderType } from '../../src/domain/vocabulary.js';
import type { Database } from '../../src/records/registry.js';
import { insertRecord } from '../../src/store/insert-record.js';

export interface StoreProvider {
  readonly type: ServiceProviderType;
  readonly kind: ProviderKind;
  /** A module name in the provider directory, or an HTTP URL. */
  readonly target: string;
  /** Default: a name made of the type, kind and a random suffix. */
  readonly developerName?: string;
  /** Default `test-secret`; null for none. */
  readonly secret?: string | null;
  /**
   * Default 30 s: generous unless a test is about timeouts, since a loaded machine can take
   * seconds for a step, and a provider that answers at once must fail with its own error.
   */
  readonly timeoutMs?: number;
  /** Default: none set (the engine's default applies). */
  readonly retryLimit?: number;
}

/** Registers `provider` as the store's integration for its type; the service's id. */
export async function registerStoreProvider(
  db: Kysely<Database>,
  storeId: string,
  provider: StoreProvider,
): Promise<string> {
  const { type, kind } = provider;
  const serviceId = await insertRecord(
    db,
    'registeredExternalService',
    {
      developer_name: provider.developerName ?? `${type}_${kind}_${Math.random().toString(36).slice(2, 8)}`,
      external_service_provider_type: type,
      provider_kind: kind,
      target: provider.target,
      secret: provider.secret === undefined ? 'test-secret' : provider.secret,
      timeout_ms: provider.timeoutMs ?? 30_000,
      ...(provider.retryLimit === undefined ? {} : { retry_limit: provider.retryLimit }),
    },
    systemUserId,
  );
  await insertRecord(
    db,
    'storeIntegratedService',
    { store_id: storeId, service_provider_type: type, integration: serviceId },
    systemUserId,
  );
  return serviceId;
}
