/**
 * What cart to order reads of its store, in one statement inside the completing transaction:
 * the reservation window on the database's clock, the store's price book, whether the store
 * charges for delivery and tax (so shipping and taxes must be current), and the order the
 * session already has (a retried operation finds it and writes nothing).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../records/registry.js';
import { databaseNowMs, dialectOf } from '../../store/database-now.js';
import { prepareQuery } from '../../store/prepared-query.js';

export interface StoreCharges {
  /** Delivery fees above zero, or a Shipment integration. */
  readonly delivery: boolean;
  /** Tax rates above zero, or a Tax integration. */
  readonly tax: boolean;
}

export interface OrderTerms {
  /** The store's active price book (the one list prices come from); null when it has none. */
  readonly pricebookId: string | null;
  /** On the database's clock, as the sweep that releases it compares (DESIGN.md rule 9). */
  readonly reservationExpiresAt: string;
  readonly charges: StoreCharges;
  /** The session's order when an earlier run already wrote it. */
  readonly existingOrderId: string | null;
}

interface TermsRow {
  reservation_window_minutes: number;
  now_ms: number | string;
  pricebook_id: string | null;
  has_delivery_fee: number | boolean;
  has_tax_rate: number | boolean;
  has_shipment_integration: number | boolean;
  has_tax_integration: number | boolean;
  existing_order_id: string | null;
}

const termsRead = prepareQuery<{ storeId: string; sessionId: string }, TermsRow>((db, value) =>
  db
    .selectFrom('web_store')
    .select((eb) => {
      const integrated = (type: 'Shipment' | 'Tax') =>
        eb.exists(
          eb
            .selectFrom('store_integrated_service')
            .select('store_integrated_service.id')
            .whereRef('store_integrated_service.store_id', '=', 'web_store.id')
            .where('store_integrated_service.service_provider_type', '=', type),
        );
      return [
        'web_store.reservation_window_minutes',
        databaseNowMs(dialectOf(db)).as('now_ms'),
        eb
          .selectFrom('web_store_pricebook as link')
          .innerJoin('pricebook as book', 'book.id', 'link.pricebook2_id')
          .select('link.pricebook2_id')
          .whereRef('link.web_store_id', '=', 'web_store.id')
          .where('link.is_active', '=', 1)
          .where('book.is_active', '=', 1)
          .orderBy('link.created_date')
          .orderBy('link.id')
          .limit(1)
          .as('pricebook_id'),
        eb
          .exists(
            eb
              .selectFrom('order_delivery_method')
              .select('order_delivery_method.id')
              .where('order_delivery_method.is_active', '=', 1)
              .where('order_delivery_method.shipping_fee', '>', 0)
              .where((inner) =>
                inner.or([
                  inner('order_delivery_method.web_store_id', '=', inner.ref('web_store.id')),
                  inner('order_delivery_method.web_store_id', 'is', null),
                ]),
              ),
          )
          .as('has_delivery_fee'),
        eb
          .exists(
            eb
              .selectFrom('tax_rate')
              .select('tax_rate.id')
              .where('tax_rate.is_active', '=', 1)
              .where('tax_rate.rate', '>', 0),
          )
          .as('has_tax_rate'),
        integrated('Shipment').as('has_shipment_integration'),
        integrated('Tax').as('has_tax_integration'),
        eb
          .selectFrom('sales_order')
          .select('sales_order.id')
          .where('sales_order.checkout_session_id', '=', value('sessionId'))
          .as('existing_order_id'),
      ];
    })
    .where('web_store.id', '=', value('storeId')),
);

export async function readOrderTerms(trx: Kysely<Database>, storeId: string, sessionId: string): Promise<OrderTerms> {
  const { rows } = await termsRead.execute(trx, { storeId, sessionId });
  const row = rows[0];
  if (row === undefined) throw new Error(`Store ${storeId} not found`);
  return {
    pricebookId: row.pricebook_id,
    reservationExpiresAt: new Date(Number(row.now_ms) + row.reservation_window_minutes * 60_000).toISOString(),
    charges: {
      delivery: Boolean(row.has_delivery_fee) || Boolean(row.has_shipment_integration),
      tax: Boolean(row.has_tax_rate) || Boolean(row.has_tax_integration),
    },
    existingOrderId: row.existing_order_id,
  };
}
