/**
 * The built-in Payment provider: purchase orders, and a test gateway for development.
 *
 * A purchase order is accepted when the cart carries a PO number (the buyer's company pays
 * against the invoice later), declined otherwise. A card is charged through the test gateway
 * only when the operator turned it on (`B2B_CHECKOUT_TEST_PAYMENTS`, and the demo store): its
 * tokens `tok_approve` (authorized), `tok_decline` (declined) and `tok_timeout` (no answer until
 * the call's time limit passes) stand for a real gateway's outcomes. Without it a card is
 * declined: the engine never pretends to have charged a real card. A store that takes cards
 * maps a custom Payment provider for its gateway.
 */
import type { PaymentProvider, PaymentRequest, PaymentResponse } from './payment-provider.js';

export const testGatewayTokens = {
  approve: 'tok_approve',
  decline: 'tok_decline',
  timeout: 'tok_timeout',
} as const;

function declined(code: string, message: string): PaymentResponse {
  return {
    status: 'FAILED',
    gatewayResultCode: code,
    gatewayResultCodeDescription: message,
    messages: [{ level: 'Error', message }],
  };
}

function authorizePurchaseOrder(poNumber: string | null): PaymentResponse {
  if (poNumber === null || poNumber.trim() === '') {
    return declined('po_number_missing', 'A purchase order number is required to pay by purchase order');
  }
  return { status: 'SUCCESS', gatewayRefNumber: poNumber, gatewayResultCode: 'po_accepted' };
}

/** Never answers: the call ends when its time limit aborts it, as a silent gateway's would. */
function waitForAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    const fail = () => reject(new Error('The test gateway did not answer (tok_timeout)', { cause: signal.reason }));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

async function authorizeTestCard(request: PaymentRequest, token: string, signal: AbortSignal) {
  switch (token) {
    case testGatewayTokens.approve:
      return {
        status: 'SUCCESS',
        gatewayRefNumber: `test_${request.idempotencyKey}`,
        gatewayResultCode: 'approved',
      } satisfies PaymentResponse;
    case testGatewayTokens.decline:
      return declined('card_declined', 'The card was declined');
    case testGatewayTokens.timeout:
      return waitForAbort(signal);
    default:
      return declined('unknown_token', 'The card is not known to the payment gateway');
  }
}

export function builtInPayment(options: { readonly isTestGatewayEnabled: boolean }): PaymentProvider {
  return {
    authorizePayment(request, signal) {
      const { instrument } = request;
      if (instrument.kind === 'PurchaseOrder') return Promise.resolve(authorizePurchaseOrder(instrument.poNumber));
      if (!options.isTestGatewayEnabled) {
        return Promise.resolve(declined('no_gateway', 'This store does not take card payments'));
      }
      return authorizeTestCard(request, instrument.gatewayToken, signal);
    },
  };
}
