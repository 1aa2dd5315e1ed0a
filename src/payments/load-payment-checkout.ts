/**
 * What an authorization of a cart's payment needs, checked in order (each with its error):
 * 1. the cart exists and the caller may edit it — else INVALID_INPUT / 400 "Invalid cart id"
 *    (the same answer for another account's cart, so none can be probed); a buyer manager
 *    who only reads it gets INSUFFICIENT_ACCESS_OR_READONLY / 403;
 * 2. its account is one the caller may buy for and a member of the store — else
 *    INSUFFICIENT_ACCESS_OR_READONLY / 403;
 * 3. it has a live checkout session, neither processing nor in error — else INVALID_OPERATION /
 *    400 (ALREADY_IN_PROCESS / 409 while a step runs);
 * 4. its PaymentMethodId, when set, names an active card of the cart's account — else
 *    INVALID_INPUT / 400 on PaymentMethodId. Without one, the cart pays by purchase order;
 * 5. it has an amount to authorize — else INVALID_OPERATION / 400 (price it first).
 */
import type { Kysely } from 'kysely';
import type { Caller } from '../access/caller.js';
import { buyerStandingOf, cartAccessOf } from '../access/checks.js';
import { CheckoutError } from '../domain/errors.js';
import { objects, parseIdOf, type Database } from '../records/registry.js';
import type { PaymentInstrument } from '../providers/payment/payment-provider.js';
import { activeCardOfAccount } from '../store/cart-payment.js';
import { notArchived } from '../store/partial-index-terms.js';

export interface PaymentCheckout {
  readonly cartId: string;
  readonly storeId: string;
  readonly accountId: string;
  readonly currencyIsoCode: string;
  readonly sessionId: string;
  readonly orderId: string | null;
  readonly amountMinor: number;
  readonly paymentMethodId: string | null;
  readonly poNumber: string | null;
  readonly billingAddress: {
    readonly street: string | null;
    readonly city: string | null;
    readonly state: string | null;
    readonly postalCode: string | null;
    readonly country: string | null;
  };
}

const invalidCart = (cartId: string) =>
  new CheckoutError('INVALID_INPUT', 400, `Invalid cart id: ${cartId}`, ['cartId']);

export async function loadPaymentCheckout(
  db: Kysely<Database>,
  caller: Caller,
  cartIdInput: string,
): Promise<PaymentCheckout> {
  const cartId = parseIdOf(objects.webCart, cartIdInput);
  const cart =
    cartId === null
      ? undefined
      : await db.selectFrom('web_cart').selectAll().where('id', '=', cartId).executeTakeFirst();
  if (cart === undefined) throw invalidCart(cartIdInput);
  const access = cartAccessOf(caller, cart);
  if (access === 'none') throw invalidCart(cartIdInput);
  const standing = await buyerStandingOf(db, caller, cart.account_id, cart.web_store_id);
  if (!standing.canBuy || !standing.isMember) {
    throw new CheckoutError(
      'INSUFFICIENT_ACCESS_OR_READONLY',
      403,
      "The cart's account is not a buyer account of the store you may buy for",
    );
  }
  if (access !== 'edit') {
    throw new CheckoutError('INSUFFICIENT_ACCESS_OR_READONLY', 403, "You don't have edit access to the cart");
  }
  const session = await db
    .selectFrom('cart_checkout_session')
    .select(['id', 'order_id', 'is_processing', 'is_error'])
    .where('web_cart_id', '=', cart.id)
    .where('is_archived', '=', notArchived)
    .executeTakeFirst();
  if (session === undefined) {
    throw new CheckoutError('INVALID_OPERATION', 400, 'The cart has no checkout session to pay for');
  }
  if (session.is_processing === 1) {
    throw new CheckoutError('ALREADY_IN_PROCESS', 409, 'A checkout step is running; authorize the payment after it');
  }
  if (session.is_error === 1) {
    throw new CheckoutError('INVALID_OPERATION', 400, 'The checkout session is in error');
  }
  await instrumentFor(db, { accountId: cart.account_id, paymentMethodId: cart.payment_method_id, poNumber: null });
  if (cart.grand_total_amount <= 0) {
    throw new CheckoutError('INVALID_OPERATION', 400, 'The cart has no amount to authorize: price it first');
  }
  return {
    cartId: cart.id,
    storeId: cart.web_store_id,
    accountId: cart.account_id,
    currencyIsoCode: cart.currency_iso_code,
    sessionId: session.id,
    orderId: session.order_id,
    amountMinor: cart.grand_total_amount,
    paymentMethodId: cart.payment_method_id,
    poNumber: cart.po_number,
    billingAddress: {
      street: cart.billing_street,
      city: cart.billing_city,
      state: cart.billing_state,
      postalCode: cart.billing_postal_code,
      country: cart.billing_country,
    },
  };
}

/** The card (by its id) or the purchase order a payment is made with. */
export async function instrumentFor(
  db: Kysely<Database>,
  payment: { accountId: string; paymentMethodId: string | null; poNumber: string | null },
): Promise<PaymentInstrument> {
  if (payment.paymentMethodId === null) return { kind: 'PurchaseOrder', poNumber: payment.poNumber };
  const card = await activeCardOfAccount(db, payment.accountId, payment.paymentMethodId);
  if (card === undefined) {
    throw new CheckoutError('INVALID_INPUT', 400, "The cart's payment method is not an active card of its account", [
      'PaymentMethodId',
    ]);
  }
  return {
    kind: 'Card',
    paymentMethodId: card.id,
    gatewayToken: card.gateway_token,
    cardType: card.card_type,
    cardLastFour: card.card_last_four,
  };
}
