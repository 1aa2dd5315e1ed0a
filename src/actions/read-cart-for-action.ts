/**
 * Everything an action checks before it writes, in one statement: the cart, its session (the
 * non-archived one, or the one named), the buyer standing of the cart's account (checks 3 and
 * 4), whether an operation is live on the cart, the store's mapping for a provider step's
 * service type, and what one action checks besides (`ActionReadExtras`). The caller comes from
 * the engine's caller cache; check 5 needs nothing more.
 */
import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import type { ServiceProviderType } from '../domain/vocabulary.js';
import type { Database } from '../records/registry.js';
import { liveStatuses, notArchived } from '../store/partial-index-terms.js';
import { placeholder, prepareQuery, type PreparedQuery } from '../store/prepared-query.js';

export type CartRow = Selectable<Database['web_cart']>;

/** What the actions read of a session. */
export type SessionRow = Pick<
  Selectable<Database['cart_checkout_session']>,
  'id' | 'state' | 'next_state' | 'is_processing' | 'is_error' | 'is_archived' | 'order_id' | 'background_operation_id'
>;

export interface CartForAction {
  readonly cart: CartRow;
  /** The cart's non-archived session (or, read by session id, that session); undefined when none. */
  readonly session: SessionRow | undefined;
  /** Check 3 before the caller's own account is compared: an active buyer account. */
  readonly isActiveBuyer: boolean;
  /** Check 4: the account is a member of the cart's store. */
  readonly isStoreMember: boolean;
  /** An operation New or Running on the cart. */
  readonly hasLiveOperation: boolean;
  /** The store's integration for the requested service type; null when it uses the built-in. */
  readonly integration: string | null;
  /** Read only when asked for (`withActivation`); undefined otherwise. */
  readonly activation: ActivationFacts | undefined;
  /** The OrderDeliveryMethod named by `deliveryMethodId`; undefined when none is, or not asked for. */
  readonly deliveryMethod: DeliveryMethodFacts | undefined;
}

/** What one action reads besides the common facts, in the same statement; each is a shape of its own. */
export interface ActionReadExtras {
  /** A provider step's service type: the store's mapping for it (`integration`). */
  readonly serviceType?: ServiceProviderType | null;
  /** activateOrderAction: `activation`. */
  readonly withActivation?: boolean;
  /** setCheckoutDeliveryMethod: `deliveryMethod`, by this id (null: an id that can name none). */
  readonly deliveryMethodId?: string | null;
}

export type DeliveryMethodFacts = Pick<Selectable<Database['order_delivery_method']>, 'id' | 'name' | 'product_id'>;

/** What activateOrderAction checks beyond the common checks. */
export interface ActivationFacts {
  /** The Status of the session's order; null when the session has none. */
  readonly orderStatus: string | null;
  /**
   * The message of one enabled Error-level validation output of the cart ('' for one without a
   * message); null when there is none.
   */
  readonly blockingMessage: string | null;
}

export type CartKey = { readonly cartId: string } | { readonly sessionId: string };

type Scope = ExpressionBuilder<Database & { s: Database['cart_checkout_session'] }, 'web_cart' | 's'>;

function extras(eb: Scope, serviceType: ServiceProviderType | null) {
  return [
    eb
      .exists(
        eb
          .selectFrom('buyer_account')
          .select('buyer_account.id')
          .whereRef('buyer_account.buyer_id', '=', 'web_cart.account_id')
          .where('buyer_account.is_active', '=', 1),
      )
      .as('x_is_buyer'),
    eb
      .exists(
        eb
          .selectFrom('buyer_group_member')
          .innerJoin(
            'web_store_buyer_group',
            'web_store_buyer_group.buyer_group_id',
            'buyer_group_member.buyer_group_id',
          )
          .select('buyer_group_member.id')
          .whereRef('buyer_group_member.buyer_id', '=', 'web_cart.account_id')
          .whereRef('web_store_buyer_group.web_store_id', '=', 'web_cart.web_store_id'),
      )
      .as('x_is_member'),
    eb
      .exists(
        eb
          .selectFrom('background_operation')
          .select('background_operation.id')
          .whereRef('background_operation.web_cart_id', '=', 'web_cart.id')
          .where('background_operation.status', 'in', liveStatuses),
      )
      .as('x_is_busy'),
    (serviceType === null
      ? eb.val<string | null>(null)
      : eb
          .selectFrom('store_integrated_service')
          .select('store_integrated_service.integration')
          .whereRef('store_integrated_service.store_id', '=', 'web_cart.web_store_id')
          .where('store_integrated_service.service_provider_type', '=', serviceType)
          .limit(1)
    ).as('x_integration'),
  ] as const;
}

function activationFacts(eb: Scope) {
  return [
    eb
      .selectFrom('sales_order')
      .select('sales_order.status')
      .whereRef('sales_order.id', '=', 's.order_id')
      .as('x_order_status'),
    eb
      .selectFrom('cart_validation_output')
      .select(sql<string>`coalesce(cart_validation_output.message, '')`.as('message'))
      .whereRef('cart_validation_output.cart_id', '=', 'web_cart.id')
      .where('cart_validation_output.level', '=', 'Error')
      .where('cart_validation_output.is_disabled', '=', 0)
      .limit(1)
      .as('x_blocking_message'),
  ] as const;
}

interface Shape {
  readonly byCart: boolean;
  readonly withService: boolean;
  readonly withActivation: boolean;
  readonly withDeliveryMethod: boolean;
}

function buildRead(db: Kysely<Database>, shape: Shape) {
  const { byCart, withActivation, withDeliveryMethod } = shape;
  const serviceType = shape.withService ? serviceTypeValue : null;
  const base = byCart
    ? db
        .selectFrom('web_cart')
        .leftJoin('cart_checkout_session as s', (join) =>
          join.onRef('s.web_cart_id', '=', 'web_cart.id').on('s.is_archived', '=', notArchived),
        )
        .where('web_cart.id', '=', keyValue)
    : db
        .selectFrom('web_cart')
        .innerJoin('cart_checkout_session as s', 's.web_cart_id', 'web_cart.id')
        .where('s.id', '=', keyValue);
  return base
    .selectAll('web_cart')
    .select([
      's.id as s_id',
      's.state as s_state',
      's.next_state as s_next_state',
      's.is_processing as s_is_processing',
      's.is_error as s_is_error',
      's.is_archived as s_is_archived',
      's.order_id as s_order_id',
      's.background_operation_id as s_background_operation_id',
    ])
    .select((eb) => extras(eb as unknown as Scope, serviceType))
    .$if(withActivation, (query) => query.select((eb) => activationFacts(eb as unknown as Scope)))
    .$if(withDeliveryMethod, (query) =>
      query
        .leftJoin('order_delivery_method as m', (join) => join.on('m.id', '=', deliveryMethodValue))
        .select(['m.id as m_id', 'm.name as m_name', 'm.product_id as m_product_id']),
    );
}

type ReadRow = Awaited<ReturnType<ReturnType<typeof buildRead>['executeTakeFirst']>>;

/** Placeholders the prepared statements fill in (src/store/prepared-query.ts). */
const keyValue = placeholder<string>('key');
const serviceTypeValue = placeholder<ServiceProviderType>('serviceType');
const deliveryMethodValue = placeholder<string>('deliveryMethodId');

type ReadValues = { key: string; serviceType: string | null; deliveryMethodId: string | null };

/** The shapes: by cart or by session, with or without a provider lookup, each extra or not. */
const reads = new Map<string, PreparedQuery<ReadValues, NonNullable<ReadRow>>>();

function preparedRead(shape: Shape) {
  const name = JSON.stringify(shape);
  let read = reads.get(name);
  if (read === undefined) {
    read = prepareQuery((db) => buildRead(db, shape));
    reads.set(name, read);
  }
  return read;
}

export async function readCartForAction(
  db: Kysely<Database>,
  key: CartKey,
  extras: ActionReadExtras = {},
): Promise<CartForAction | undefined> {
  const byCart = 'cartId' in key;
  const serviceType = extras.serviceType ?? null;
  const withActivation = extras.withActivation === true;
  const { deliveryMethodId } = extras;
  const shape: Shape = {
    byCart,
    withService: serviceType !== null,
    withActivation,
    withDeliveryMethod: deliveryMethodId !== undefined,
  };
  const { rows } = await preparedRead(shape).execute(db, {
    key: byCart ? key.cartId : key.sessionId,
    serviceType,
    deliveryMethodId: deliveryMethodId ?? null,
  });
  const row = rows[0];
  if (row === undefined) return undefined;
  const {
    s_id: sessionId,
    s_state: state,
    s_next_state: nextState,
    s_is_processing: isProcessing,
    s_is_error: isError,
    s_is_archived: isArchived,
    s_order_id: orderId,
    s_background_operation_id: operationId,
    x_is_buyer: isBuyer,
    x_is_member: isMember,
    x_is_busy: isBusy,
    x_integration: integration,
    x_order_status: orderStatus,
    x_blocking_message: blockingMessage,
    m_id: methodId,
    m_name: methodName,
    m_product_id: methodProductId,
    ...cart
  } = row;
  return {
    cart,
    session:
      sessionId === null
        ? undefined
        : {
            id: sessionId,
            state: state!,
            next_state: nextState,
            is_processing: Number(isProcessing),
            is_error: Number(isError),
            is_archived: Number(isArchived),
            order_id: orderId,
            background_operation_id: operationId,
          },
    isActiveBuyer: Boolean(Number(isBuyer)),
    isStoreMember: Boolean(Number(isMember)),
    hasLiveOperation: Boolean(Number(isBusy)),
    integration: integration ?? null,
    activation: withActivation
      ? { orderStatus: orderStatus ?? null, blockingMessage: blockingMessage ?? null }
      : undefined,
    deliveryMethod:
      methodId === null || methodId === undefined
        ? undefined
        : { id: methodId, name: methodName!, product_id: methodProductId ?? null },
  };
}
