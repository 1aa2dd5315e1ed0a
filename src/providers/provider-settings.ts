/**
 * What the operator allows custom providers to be (SPEC.md section 7, ADR 0014). A
 * `RegisteredExternalService` is written through the API by integrators; these settings come
 * from the environment (config.ts), so an API token alone can neither run code in the server
 * nor make it call wherever it likes.
 */
export interface ProviderSettings {
  /**
   * The directory module providers are loaded from (`B2B_CHECKOUT_PROVIDER_DIR`); a Module
   * service's Target names a file there. Null: Module providers are refused.
   */
  readonly moduleDir: string | null;
  /**
   * The hosts HTTP providers may call (`B2B_CHECKOUT_PROVIDER_HOSTS`), each `host` (any port)
   * or `host:port`. Null: any host.
   */
  readonly httpHosts: readonly string[] | null;
  /**
   * Whether the built-in Payment provider charges cards through the test gateway
   * (`B2B_CHECKOUT_TEST_PAYMENTS`, and the demo store): for development only, since its tokens
   * approve without any money moving. Unset: cards are declined unless a custom provider is mapped.
   */
  readonly isTestGatewayEnabled?: boolean;
}

/** Without operator settings: no module providers, HTTP providers to any host. */
export const defaultProviderSettings: ProviderSettings = { moduleDir: null, httpHosts: null };
