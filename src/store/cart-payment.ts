/**
 * The SQL of how a cart is paid for: its payment method (a saved card) or purchase order
 * number, its billing address, and the account's saved cards (`card_payment_method`).
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../records/registry.js';
import type { PostalAddress } from './contact-point-addresses.js';
import { insertRecord, touched } from './insert-record.js';

export type CardPaymentMethodRow = Selectable<Database['card_payment_method']>;

/** The account's active cards, newest first. */
export function activeCardsOf(db: Kysely<Database>, accountId: string): Promise<CardPaymentMethodRow[]> {
  return db
    .selectFrom('card_payment_method')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('status', '=', 'Active')
    .orderBy('created_date', 'desc')
    .orderBy('id')
    .execute();
}

export function activeCardOfAccount(
  db: Kysely<Database>,
  accountId: string,
  id: string,
): Promise<CardPaymentMethodRow | undefined> {
  return db
    .selectFrom('card_payment_method')
    .selectAll()
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .where('status', '=', 'Active')
    .executeTakeFirst();
}

export interface NewCard {
  readonly gatewayToken: string;
  readonly cardType: string | null;
  readonly cardHolderName: string | null;
  readonly cardLastFour: string | null;
  readonly expiryMonth: number | null;
  readonly expiryYear: number | null;
}

export function insertCard(trx: Kysely<Database>, accountId: string, card: NewCard, actorId: string): Promise<string> {
  return insertRecord(
    trx,
    'cardPaymentMethod',
    {
      account_id: accountId,
      gateway_token: card.gatewayToken,
      card_type: card.cardType,
      card_holder_name: card.cardHolderName,
      card_last_four: card.cardLastFour,
      display_card_number: card.cardLastFour === null ? null : `****${card.cardLastFour}`,
      expiry_month: card.expiryMonth,
      expiry_year: card.expiryYear,
    },
    actorId,
  );
}

/** The cart pays with `paymentMethodId` (a card) or else by purchase order `poNumber`; billing address when given. */
export async function setCartPayment(
  trx: Kysely<Database>,
  cartId: string,
  payment: {
    readonly paymentMethodId: string | null;
    readonly poNumber: string | null;
    readonly billingAddress: PostalAddress | null;
  },
  actorId: string,
): Promise<void> {
  const { billingAddress: address } = payment;
  const billing =
    address === null
      ? {}
      : {
          billing_street: address.street,
          billing_city: address.city,
          billing_state: address.state,
          billing_postal_code: address.postalCode,
          billing_country: address.country,
          billing_geocode_accuracy: address.geocodeAccuracy,
          billing_latitude: address.latitude,
          billing_longitude: address.longitude,
        };
  await trx
    .updateTable('web_cart')
    .set({ payment_method_id: payment.paymentMethodId, po_number: payment.poNumber, ...billing, ...touched(actorId) })
    .where('id', '=', cartId)
    .execute();
}
