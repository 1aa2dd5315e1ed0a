/**
 * Everything an action checks before it writes, in one statement: the cart, its session (the
 * non-archived one, or the one named), the buyer standing of the cart's account (checks 3 and
 * 4), whether an operation is live on the cart, and the store's mapping for a provider step's
 * service type. The caller comes from the engine's caller cache; check 5 needs nothing more.
 */
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
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

function buildRead(db: Kysely<Database>, byCart: boolean, serviceType: ServiceProviderType | null) {
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
    .select((eb) => extras(eb as unknown as Scope, serviceType));
}

type ReadRow = Awaited<ReturnType<ReturnType<typeof buildRead>['executeTakeFirst']>>;

/** Placeholders the prepared statements fill in (src/store/prepared-query.ts). */
const keyValue = placeholder<string>('key');
const serviceTypeValue = placeholder<ServiceProviderType>('serviceType');

/** The four shapes: by cart or by session, with or without a provider lookup. */
const reads = new Map<string, PreparedQuery<{ key: string; serviceType: string | null }, NonNullable<ReadRow>>>();

function preparedRead(byCart: boolean, withService: boolean) {
  const shape = `${byCart}:${withService}`;
  let read = reads.get(shape);
  if (read === undefined) {
    read = prepareQuery((db) => buildRead(db, byCart, withService ? serviceTypeValue : null));
    reads.set(shape, read);
  }
  return read;
}

export async function readCartForAction(
  db: Kysely<Database>,
  key: CartKey,
  serviceType: ServiceProviderType | null = null,
): Promise<CartForAction | undefined> {
  const byCart = 'cartId' in key;
  const { rows } = await preparedRead(byCart, serviceType !== null).execute(db, {
    key: byCart ? key.cartId : key.sessionId,
    serviceType,
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
  };
}
