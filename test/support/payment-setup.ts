/** A cart in checkout with an amount to pay, saved cards, and providers that count their calls. */
import { loadCaller, type Caller } from '../../src/access/caller.js';
import { systemUserId } from '../../src/access/permission-sets.js';
import type { Engine } from '../../src/engine.js';
import { createProviders } from '../../src/providers/create-providers.js';
import type { PaymentProvider, PaymentRequest } from '../../src/providers/payment/payment-provider.js';
import type { ProviderByType, Providers } from '../../src/providers/providers.js';
import { insertRecord } from '../../src/store/insert-record.js';
import { openCheckout, type OpenCheckout } from './checkout-setup.js';
import type { TestEngine } from './test-engine.js';

/** A checkout of the first buyer whose cart's grand total is `amountMinor` (as the steps would leave it). */
export async function openPayableCheckout(test: TestEngine, amountMinor = 12_345): Promise<OpenCheckout> {
  const checkout = await openCheckout(test);
  await test.engine.store.db
    .updateTable('web_cart')
    .set({ grand_total_amount: amountMinor })
    .where('id', '=', checkout.cartId)
    .execute();
  return checkout;
}

export function saveCard(engine: Engine, accountId: string, gatewayToken: string): Promise<string> {
  return insertRecord(
    engine.store.db,
    'cardPaymentMethod',
    { account_id: accountId, gateway_token: gatewayToken, card_type: 'Visa', card_last_four: '4242' },
    systemUserId,
  );
}

export async function payWith(engine: Engine, cartId: string, payment: { card?: string; poNumber?: string }) {
  await engine.store.db
    .updateTable('web_cart')
    .set({ payment_method_id: payment.card ?? null, po_number: payment.poNumber ?? null })
    .where('id', '=', cartId)
    .execute();
}

export async function callerOf(engine: Engine, userId: string): Promise<Caller> {
  const caller = await loadCaller(engine.store.db, userId);
  if (caller === null) throw new Error(`No active user ${userId}`);
  return caller;
}

/** The engine's built-in providers with the test gateway on. */
export function testGatewayProviders(engine: Engine): Providers {
  return createProviders(engine.store.db, { moduleDir: null, httpHosts: null, isTestGatewayEnabled: true });
}

/** Providers whose Payment provider is `payment`; every request it receives is kept. */
export function providersWithPayment(
  engine: Engine,
  payment: (request: PaymentRequest, signal: AbortSignal) => ReturnType<PaymentProvider['authorizePayment']>,
): { providers: Providers; requests: PaymentRequest[] } {
  const base = testGatewayProviders(engine);
  const requests: PaymentRequest[] = [];
  const provider: PaymentProvider = {
    authorizePayment(request, signal) {
      requests.push(request);
      return payment(request, signal);
    },
  };
  const providers: Providers = {
    forStore: async (storeId, type) =>
      type === 'Payment' ? (provider as ProviderByType[typeof type]) : base.forStore(storeId, type),
  };
  return { providers, requests };
}
