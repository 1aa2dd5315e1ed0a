/**
 * Which records a caller sees and which objects it may write (SPEC.md section 6). Visibility
 * is one SQL condition per object on a row aliased `alias`, so the same rule filters a record
 * read by id, a write, and every row of a query — a buyer cannot learn by any route that
 * another account's record exists.
 *
 * Administrators and integrators see everything. A buyer sees the carts it may access
 * (`cartAccessOf`: its own carts; every cart of its account for managers and super users) and
 * what hangs off them, the orders of those same carts' kind (own orders; all of the account's
 * for managers and super users) and what hangs off them, its account, buyer account, contact
 * and user, its account's addresses (ContactPointAddress) and saved cards (CardPaymentMethod),
 * the payment authorizations of the carts it sees, the stores its account is a member of, and the products (the catalog has no
 * per-store assignment yet, so a member of any store sees every product). Nothing else.
 *
 * Within a record it sees, a buyer reads every API field except those listed in
 * `internalFields`: where host names, process ids, file paths or a provider's failure details
 * are kept (SPEC.md section 7). Record reads, queries and describe all ask `mayReadField`.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { ObjectDef } from '../records/object.js';
import { isInternalCaller, type Caller } from './caller.js';

type Condition = RawBuilder<SqlBool>;

interface BuyerScope {
  readonly userId: string;
  readonly accountId: string;
  /** Managers and super users see every cart and order of their account. */
  readonly seesWholeAccount: boolean;
}

const nothing: Condition = sql<SqlBool>`1 = 0`;

/**
 * The row's cart (or order) is one the buyer sees: a probe of that one cart by its id. (A
 * `column in (select id … where account_id = ?)` list made every check read all the account's
 * carts: a B2B account keeps thousands.)
 */
function isVisibleCart(cartId: RawBuilder<unknown>, scope: BuyerScope): Condition {
  return scope.seesWholeAccount
    ? sql<SqlBool>`exists (select 1 from web_cart vc where vc.id = ${cartId} and vc.account_id = ${scope.accountId})`
    : sql<SqlBool>`exists (select 1 from web_cart vc where vc.id = ${cartId} and vc.account_id = ${scope.accountId} and vc.owner_id = ${scope.userId})`;
}

function isVisibleOrder(orderId: RawBuilder<unknown>, scope: BuyerScope): Condition {
  return scope.seesWholeAccount
    ? sql<SqlBool>`exists (select 1 from sales_order vo where vo.id = ${orderId} and vo.account_id = ${scope.accountId})`
    : sql<SqlBool>`exists (select 1 from sales_order vo where vo.id = ${orderId} and vo.account_id = ${scope.accountId} and vo.owner_id = ${scope.userId})`;
}

function memberStoreIds(scope: BuyerScope): RawBuilder<unknown> {
  return sql`select vs.web_store_id from web_store_buyer_group vs
    join buyer_group_member vm on vm.buyer_group_id = vs.buyer_group_id
    where vm.buyer_id = ${scope.accountId}`;
}

type Rule = (column: (name: string) => RawBuilder<unknown>, scope: BuyerScope) => Condition;

const inCarts: (columnName: string) => Rule = (columnName) => (column, scope) =>
  isVisibleCart(column(columnName), scope);
const inOrders: (columnName: string) => Rule = (columnName) => (column, scope) =>
  isVisibleOrder(column(columnName), scope);

/** Objects a buyer may see, by API name; any other object shows a buyer no rows. */
const buyerRules: Readonly<Record<string, Rule>> = {
  WebCart: (column, scope) =>
    scope.seesWholeAccount
      ? sql<SqlBool>`${column('account_id')} = ${scope.accountId}`
      : sql<SqlBool>`${column('account_id')} = ${scope.accountId} and ${column('owner_id')} = ${scope.userId}`,
  CartItem: inCarts('cart_id'),
  CartDeliveryGroup: inCarts('cart_id'),
  CartValidationOutput: inCarts('cart_id'),
  CartCheckoutSession: inCarts('web_cart_id'),
  BackgroundOperation: inCarts('web_cart_id'),
  CartCoupon: inCarts('web_cart_id'),
  WebCartAdjustmentGroup: inCarts('web_cart_id'),
  CartItemPriceAdjustment: inCarts('web_cart_id'),
  CartDeliveryGroupMethod: inCarts('web_cart_id'),
  CartTax: inCarts('cart_id'),
  CheckoutEvent: inCarts('web_cart_id'),
  Order: (column, scope) =>
    scope.seesWholeAccount
      ? sql<SqlBool>`${column('account_id')} = ${scope.accountId}`
      : sql<SqlBool>`${column('account_id')} = ${scope.accountId} and ${column('owner_id')} = ${scope.userId}`,
  OrderItem: inOrders('order_id'),
  OrderDeliveryGroup: inOrders('order_id'),
  OrderSummary: inOrders('original_order_id'),
  OrderSummaryCreatedEvent: inOrders('order_id'),
  Account: (column, scope) => sql<SqlBool>`${column('id')} = ${scope.accountId}`,
  BuyerAccount: (column, scope) => sql<SqlBool>`${column('buyer_id')} = ${scope.accountId}`,
  Contact: (column, scope) =>
    sql<SqlBool>`${column('id')} = (select vu.contact_id from app_user vu where vu.id = ${scope.userId})`,
  User: (column, scope) => sql<SqlBool>`${column('id')} = ${scope.userId}`,
  WebStore: (column, scope) => sql<SqlBool>`${column('id')} in (${memberStoreIds(scope)})`,
  Product2: (_column, scope) => sql<SqlBool>`exists (${memberStoreIds(scope)})`,
  ContactPointAddress: (column, scope) => sql<SqlBool>`${column('parent_id')} = ${scope.accountId}`,
  CardPaymentMethod: (column, scope) => sql<SqlBool>`${column('account_id')} = ${scope.accountId}`,
  PaymentAuthorization: inCarts('web_cart_id'),
  OrderDeliveryMethod: (column, scope) =>
    sql<SqlBool>`(${column('web_store_id')} is null or ${column('web_store_id')} in (${memberStoreIds(scope)}))`,
};

/**
 * The condition a row of `definition` (aliased `alias`) must meet to be visible to the caller,
 * or null when every row is.
 */
export function visibilityOf(caller: Caller, definition: ObjectDef, alias: string): Condition | null {
  if (isInternalCaller(caller)) return null;
  // The installation itself: every signed-in user reads it, as in Salesforce.
  if (definition.name === 'Organization') return null;
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  if (!caller.permissions.has('buyer') || caller.accountId === null) {
    return definition.name === 'User' ? sql<SqlBool>`${column('id')} = ${caller.userId}` : nothing;
  }
  const rule = buyerRules[definition.name];
  if (rule === undefined) return nothing;
  const scope: BuyerScope = {
    userId: caller.userId,
    accountId: caller.accountId,
    seesWholeAccount: caller.permissions.has('buyerManager') || caller.permissions.has('superUser'),
  };
  return rule(column, scope);
}

/** Fields only administrators and integrators read, by object API name → columns. */
const internalFields: Readonly<Record<string, ReadonlySet<string>>> = {
  BackgroundOperation: new Set(['worker_uri', 'error_detail']),
  // A gateway token charges the card: written once by the buyer, read only by the engine.
  CardPaymentMethod: new Set(['gateway_token']),
  CheckoutEvent: new Set(['worker', 'detail']),
};

/**
 * Whether the caller may read this field (by column) of the records of `definition` it sees.
 * Fields that are not readable through the API at all (internal, write-only) are never readable.
 */
export function mayReadField(caller: Caller, definition: ObjectDef, column: string): boolean {
  const field = definition.fields[column];
  if (field !== undefined && !field.readable) return false;
  return isInternalCaller(caller) || internalFields[definition.name]?.has(column) !== true;
}

/** Objects whose records change who may do what: administrators alone write them. */
const userAdministration = new Set(['User', 'PermissionSet', 'PermissionSetAssignment']);

/** Objects a buyer may write, each subject to edit access to the cart the record belongs to. */
export const buyerWritableObjects: ReadonlySet<string> = new Set([
  'WebCart',
  'CartItem',
  'CartDeliveryGroup',
  'CartCheckoutSession',
  'CartCoupon',
  // The account's address book and saved cards, each only for the buyer's own account.
  'ContactPointAddress',
  'CardPaymentMethod',
]);

/** Whether the caller may write records of this object at all (record checks come after). */
export function mayWriteObject(caller: Caller, definition: ObjectDef): boolean {
  if (definition.isReadOnly === true) return false;
  if (caller.permissions.has('modifyAllData')) return true;
  if (caller.permissions.has('commerceIntegrator')) return !userAdministration.has(definition.name);
  return caller.permissions.has('buyer') && buyerWritableObjects.has(definition.name);
}

export function isAdministrator(caller: Caller): boolean {
  return caller.permissions.has('modifyAllData');
}
