/** Custom providers a store's StoreIntegratedService can name (SPEC.md section 7). */
import { providerKinds, serviceProviderTypes } from '../../domain/vocabulary.js';
import { defineObject } from '../object.js';
import { integer, picklist, text } from '../fields.js';

export const registeredExternalService = defineObject({
  name: 'RegisteredExternalService',
  label: 'Registered External Service',
  keyPrefix: '1Rs',
  table: 'registered_external_service',
  fields: {
    developer_name: text('DeveloperName', 80, { required: true }),
    master_label: text('MasterLabel', 255),
    external_service_provider_type: picklist('ExternalServiceProviderType', serviceProviderTypes, { required: true }),
    provider_kind: picklist('ProviderKind', providerKinds, { required: true }),
    /** A module path (Module) or an http(s) URL (Http). */
    target: text('Target', 1000, { required: true }),
    /** Key of the HMAC-SHA256 request signature (Http). Set through the API, never read back. */
    secret: text('Secret', 255, { writeOnly: true }),
    /** Time limit of one provider call, and of the step's operation (ms). */
    timeout_ms: integer('TimeoutMs'),
    /** Retries of the step's operation after a provider failure. */
    retry_limit: integer('RetryLimit'),
  },
  indexes: [{ columns: ['developer_name'], unique: true }],
});
