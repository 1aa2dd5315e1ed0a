/**
 * The authorization matrix over real HTTP (SPEC.md sections 4 and 6): every caller kind × every
 * object of the registry × read by id, SOQL, create, update and delete, and every action of the
 * catalog. The expectations are the tables below; the cases are generated from them. A refused
 * call must change nothing stored: the target row (or the table, for a create) is compared
 * before and after.
 *
 * Shared records are seeded once; a write that is expected to succeed runs on a fresh record so
 * that the shared ones stay as they were for the refusals.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- response bodies are untyped JSON */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAccessToken } from '../src/access/access-tokens.js';
import { systemUserId } from '../src/access/permission-sets.js';
import { actionCatalog } from '../src/actions/catalog.js';
import { allObjects, findObject } from '../src/records/registry.js';
import { createCart } from '../src/seed/create-cart.js';
import type { SeededBuyer } from '../src/seed/seed-store.js';
import { insertRecord } from '../src/store/insert-record.js';
import { cartSnapshot } from './support/actors.js';
import { CheckoutDriver } from './support/checkout-steps.js';
import { colleagueOf, internalUser } from './support/fixtures.js';
import { startHttpTestServer, type HttpResponse, type HttpTestServer } from './support/http-test-server.js';

const v = '/services/data/v60.0';

const callerNames = [
  'administrator',
  'integrator',
  'buyer',
  'buyerManager',
  'superUser',
  'noPermission',
  'otherAccountBuyer',
] as const;
type CallerName = (typeof callerNames)[number];

// Who is who. The shared records of "account A" belong to `buyer` (Acme's seeded buyer);
// `buyerManager`, `superUser` and `noPermission` are other users of Acme; `otherAccountBuyer`
// is Globex's buyer, a member of the same store.
const internal: readonly CallerName[] = ['administrator', 'integrator'];
const accountReaders: readonly CallerName[] = [...internal, 'buyer', 'buyerManager', 'superUser'];
const cartEditors: readonly CallerName[] = [...internal, 'buyer', 'superUser'];
const ownRecordReaders: readonly CallerName[] = [...internal, 'buyer'];
const storeMembers: readonly CallerName[] = [...accountReaders, 'otherAccountBuyer'];
const administrators: readonly CallerName[] = ['administrator'];
const nobody: readonly CallerName[] = [];

type Operation = 'create' | 'update' | 'delete';
type Refusal = readonly [status: number, errorCode: string];
type Body = Record<string, unknown>;

const insufficientAccess: Refusal = [400, 'INSUFFICIENT_ACCESS_OR_READONLY'];
const notFound: Refusal = [404, 'NOT_FOUND'];
const invalidField: Refusal = [400, 'INVALID_FIELD_FOR_INSERT_UPDATE'];
const crossReference: Refusal = [400, 'INVALID_CROSS_REFERENCE_KEY'];

interface Fixture {
  readonly server: HttpTestServer;
  readonly tokens: Record<CallerName, string>;
  readonly buyer: SeededBuyer;
  readonly storeId: string;
  /** A store no buyer is a member of: what internal callers create lands there. */
  readonly sideStoreId: string;
  readonly widgetId: string;
  readonly buyerSetId: string;
  readonly deliveryMethodId: string;
  /** The shared record of each object, by API name. */
  readonly shared: Record<string, string>;
  readonly unique: () => string;
  /** A new priced Active cart of the buyer with one widget line. */
  freshCart(): Promise<{ cartId: string; deliveryGroupId: string; itemIds: readonly string[] }>;
  /** Creates a record through the API as `creator` and returns its id. */
  post(creator: CallerName, object: string, body: Body): Promise<string>;
}

/**
 * One row per object: who sees the shared record (GET and SOQL), who may create, update and
 * delete, and the refusals that differ from the default (NOT_FOUND for a record the caller
 * can't see; INSUFFICIENT_ACCESS_OR_READONLY otherwise).
 */
interface ObjectRow {
  readonly object: string;
  readonly sees: readonly CallerName[];
  readonly create: readonly CallerName[];
  readonly update: readonly CallerName[];
  readonly delete: readonly CallerName[];
  readonly refusals?: Partial<Record<Operation, Partial<Record<CallerName, Refusal>>>>;
  readonly createBody: (fixture: Fixture) => Promise<Body> | Body;
  readonly updateBody: Body;
  /** A fresh record for an update or delete that should succeed. */
  readonly fresh?: (fixture: Fixture) => Promise<string>;
}

const everyWriter = (refusal: Refusal, callers: readonly CallerName[]) =>
  Object.fromEntries(callers.map((caller) => [caller, refusal])) as Partial<Record<CallerName, Refusal>>;

/** Records only internal callers see and write. */
function internalObject(
  object: string,
  createBody: ObjectRow['createBody'],
  updateBody: Body,
  extra: Partial<ObjectRow> = {},
): ObjectRow {
  return {
    object,
    sees: internal,
    create: internal,
    update: internal,
    delete: internal,
    createBody,
    updateBody,
    fresh: async (fixture) => fixture.post('administrator', object, await createBody(fixture)),
    ...extra,
  };
}

/** Records the engine alone writes, hanging off the buyer's cart or order. */
function readOnlyObject(object: string): ObjectRow {
  return {
    object,
    sees: accountReaders,
    create: nobody,
    update: nobody,
    delete: nobody,
    createBody: () => ({}),
    updateBody: { Name: 'Changed' },
  };
}

const newAccount = (fixture: Fixture) =>
  insertRecord(fixture.server.engine.store.db, 'account', { name: `Account ${fixture.unique()}` }, systemUserId);
const newGroup = (fixture: Fixture) =>
  insertRecord(fixture.server.engine.store.db, 'buyerGroup', { name: `Group ${fixture.unique()}` }, systemUserId);
const newProduct = (fixture: Fixture) =>
  insertRecord(
    fixture.server.engine.store.db,
    'product',
    { name: 'Part', stock_keeping_unit: `SKU-${fixture.unique()}` },
    systemUserId,
  );
const newStore = (fixture: Fixture) =>
  insertRecord(fixture.server.engine.store.db, 'webStore', { name: `Store ${fixture.unique()}` }, systemUserId);
const newPricebook = (fixture: Fixture) =>
  insertRecord(fixture.server.engine.store.db, 'pricebook', { name: `Book ${fixture.unique()}` }, systemUserId);

const objectTable: readonly ObjectRow[] = [
  internalObject('Account', (f) => ({ Name: `Account ${f.unique()}` }), { Name: 'Renamed' }, { sees: accountReaders }),
  internalObject(
    'BuyerAccount',
    async (f) => ({ Name: 'Buyer', BuyerId: await newAccount(f) }),
    { Name: 'Renamed' },
    {
      sees: accountReaders,
    },
  ),
  internalObject('BuyerGroup', (f) => ({ Name: `Group ${f.unique()}` }), { Name: 'Renamed' }),
  internalObject(
    'BuyerGroupMember',
    async (f) => ({ BuyerGroupId: await newGroup(f), BuyerId: f.buyer.accountId }),
    { BuyerId: '001000000000000AAA' },
    { update: nobody, refusals: { update: everyWriter(invalidField, internal) } },
  ),
  internalObject('WebStore', (f) => ({ Name: `Store ${f.unique()}` }), { Name: 'Renamed' }, { sees: storeMembers }),
  internalObject(
    'WebStoreBuyerGroup',
    async (f) => ({ WebStoreId: f.sideStoreId, BuyerGroupId: await newGroup(f) }),
    { BuyerGroupId: '0ZI000000000000AAA' },
    { update: nobody, refusals: { update: everyWriter(invalidField, internal) } },
  ),
  internalObject(
    'Contact',
    (f) => ({ LastName: `Contact ${f.unique()}` }),
    { FirstName: 'Changed' },
    {
      sees: ownRecordReaders,
    },
  ),
  internalObject(
    'User',
    (f) => ({ Username: `user-${f.unique()}@matrix.test`, LastName: 'User' }),
    { FirstName: 'X' },
    {
      sees: ownRecordReaders,
      create: administrators,
      update: administrators,
      delete: administrators,
    },
  ),
  internalObject(
    'PermissionSet',
    (f) => ({ Name: `Set${f.unique()}`, Label: 'Set' }),
    { Label: 'Changed' },
    {
      create: administrators,
      update: administrators,
      delete: administrators,
    },
  ),
  internalObject(
    'PermissionSetAssignment',
    async (f) => ({
      AssigneeId: await f.post('administrator', 'User', { Username: `a-${f.unique()}@matrix.test`, LastName: 'A' }),
      PermissionSetId: f.buyerSetId,
    }),
    { PermissionSetId: '0PS000000000000AAA' },
    {
      create: administrators,
      update: nobody,
      delete: administrators,
      refusals: { update: { administrator: invalidField } },
    },
  ),
  internalObject(
    'Product2',
    (f) => ({ Name: 'Part', StockKeepingUnit: `SKU-${f.unique()}` }),
    { Description: 'x' },
    {
      sees: storeMembers,
    },
  ),
  internalObject('ProductInventory', async (f) => ({ Product2Id: await newProduct(f), QuantityOnHand: 5 }), {
    QuantityOnHand: 7,
  }),
  internalObject(
    'StoreIntegratedService',
    async (f) => ({ StoreId: await newStore(f), ServiceProviderType: 'Inventory', Integration: 'built-in' }),
    { Integration: 'changed' },
  ),
  internalObject('Pricebook2', (f) => ({ Name: `Book ${f.unique()}` }), { Description: 'x' }),
  internalObject(
    'PricebookEntry',
    async (f) => ({ Pricebook2Id: await newPricebook(f), Product2Id: f.widgetId, UnitPrice: 1 }),
    { UnitPrice: 2 },
  ),
  internalObject(
    'WebStorePricebook',
    async (f) => ({ WebStoreId: f.sideStoreId, Pricebook2Id: await newPricebook(f) }),
    { IsActive: false },
  ),
  internalObject(
    'BuyerGroupPricebook',
    async (f) => ({ BuyerGroupId: await newGroup(f), Pricebook2Id: await newPricebook(f) }),
    { Priority: 2 },
  ),
  internalObject(
    'Promotion',
    (f) => ({
      Name: 'Promo',
      WebStoreId: f.sideStoreId,
      DiscountType: 'Percentage',
      DiscountPercent: 5,
      Target: 'Cart',
    }),
    { Name: 'Renamed' },
  ),
  internalObject(
    'OrderDeliveryMethod',
    (f) => ({ Name: 'Courier', WebStoreId: f.sideStoreId }),
    { Description: 'x' },
    {
      sees: storeMembers,
    },
  ),
  // Inactive, so no store starts charging tax because of the matrix.
  internalObject('TaxRate', () => ({ Name: 'Rate', Country: 'ZZ', Rate: 1, IsActive: false }), { Name: 'Renamed' }),
  internalObject(
    'RegisteredExternalService',
    (f) => ({
      DeveloperName: `Service${f.unique()}`,
      ExternalServiceProviderType: 'Tax',
      ProviderKind: 'Http',
      Target: 'https://tax.example.test/calculate',
    }),
    { MasterLabel: 'Changed' },
  ),
  {
    object: 'WebCart',
    sees: accountReaders,
    // A manager may open a cart of its own for its account, not change another buyer's.
    create: [...cartEditors, 'buyerManager'],
    update: cartEditors,
    delete: cartEditors,
    refusals: { create: { otherAccountBuyer: crossReference } },
    createBody: (f) => ({ Name: 'New cart', WebStoreId: f.storeId, AccountId: f.buyer.accountId }),
    updateBody: { PoNumber: 'PO-CHANGED' },
    fresh: async (f) => (await f.freshCart()).cartId,
  },
  {
    object: 'CartDeliveryGroup',
    sees: accountReaders,
    create: cartEditors,
    update: cartEditors,
    delete: cartEditors,
    refusals: { create: { otherAccountBuyer: crossReference } },
    createBody: async (f) => ({ CartId: (await f.freshCart()).cartId, Name: 'Second dock' }),
    updateBody: { ShippingInstructions: 'Leave at the dock' },
    // A group without items: one with items is DELETE_FAILED (test/http-delete.test.ts).
    fresh: async (f) => {
      const { cartId } = await f.freshCart();
      return insertRecord(
        f.server.engine.store.db,
        'cartDeliveryGroup',
        { cart_id: cartId, name: 'Empty dock' },
        systemUserId,
      );
    },
  },
  {
    object: 'CartItem',
    sees: accountReaders,
    create: cartEditors,
    update: cartEditors,
    delete: cartEditors,
    refusals: { create: { otherAccountBuyer: crossReference } },
    createBody: async (f) => {
      const cart = await f.freshCart();
      return {
        CartId: cart.cartId,
        CartDeliveryGroupId: cart.deliveryGroupId,
        Product2Id: f.widgetId,
        Name: 'Widget',
        Quantity: 2,
      };
    },
    updateBody: { Quantity: 3 },
    fresh: async (f) => (await f.freshCart()).itemIds[0]!,
  },
  {
    object: 'CartCoupon',
    sees: accountReaders,
    create: cartEditors,
    update: nobody,
    delete: cartEditors,
    refusals: {
      create: { otherAccountBuyer: crossReference },
      update: everyWriter(invalidField, accountReaders),
    },
    createBody: async (f) => ({ WebCartId: (await f.freshCart()).cartId, CouponCode: 'SAVE5' }),
    updateBody: { CouponCode: 'OTHER' },
    fresh: async (f) => f.post('buyer', 'CartCoupon', { WebCartId: (await f.freshCart()).cartId, CouponCode: 'SAVE5' }),
  },
  {
    object: 'CartCheckoutSession',
    sees: accountReaders,
    create: nobody,
    update: cartEditors,
    delete: nobody,
    createBody: async (f) => ({ WebCartId: (await f.freshCart()).cartId, Name: 'Session', State: 'Start' }),
    updateBody: { State: 'Review' },
    fresh: async (f) => {
      const { cartId } = await f.freshCart();
      return new CheckoutDriver(f.server.engine, f.buyer.userId, cartId).startSession();
    },
  },
  {
    object: 'CartValidationOutput',
    sees: accountReaders,
    create: internal,
    update: internal,
    delete: internal,
    createBody: async (f) => ({ CartId: (await f.freshCart()).cartId, Name: 'Note', Level: 'Info', Type: 'Other' }),
    updateBody: { Message: 'Changed' },
    fresh: async (f) =>
      f.post('administrator', 'CartValidationOutput', {
        CartId: (await f.freshCart()).cartId,
        Name: 'Note',
        Level: 'Info',
        Type: 'Other',
      }),
  },
  readOnlyObject('BackgroundOperation'),
  readOnlyObject('CartDeliveryGroupMethod'),
  readOnlyObject('CartTax'),
  readOnlyObject('WebCartAdjustmentGroup'),
  readOnlyObject('CartItemPriceAdjustment'),
  readOnlyObject('Order'),
  readOnlyObject('OrderItem'),
  readOnlyObject('OrderDeliveryGroup'),
  readOnlyObject('OrderSummary'),
  readOnlyObject('OrderSummaryCreatedEvent'),
  // The installation itself: every signed-in user reads it, nobody writes it.
  { ...readOnlyObject('Organization'), sees: callerNames },
];

function expectedOf(row: ObjectRow, caller: CallerName, operation: Operation): Refusal | 'ok' {
  if (row[operation].includes(caller)) return 'ok';
  const refusal = row.refusals?.[operation]?.[caller];
  if (refusal !== undefined) return refusal;
  if (operation !== 'create' && !row.sees.includes(caller)) return notFound;
  return insufficientAccess;
}

let fixture: Fixture;

async function seedFixture(): Promise<Fixture> {
  const server = await startHttpTestServer();
  const { db } = server.engine.store;
  const buyer = server.store.buyers[0]!;
  const [widget] = server.store.products;
  let counter = 0;
  const userIds: Record<CallerName, string> = {
    administrator: await internalUser(db, 'matrix-admin', 'B2BCheckoutAdministrator'),
    integrator: await internalUser(db, 'matrix-integrator', 'B2BCommerceIntegrator'),
    buyer: buyer.userId,
    buyerManager: await colleagueOf(db, buyer, 'MatrixManager', 'B2BBuyerManager'),
    superUser: await colleagueOf(db, buyer, 'MatrixSuper', 'B2BSuperUser'),
    noPermission: await colleagueOf(db, buyer, 'MatrixNobody', null),
    otherAccountBuyer: server.store.buyers[1]!.userId,
  };
  const tokens = Object.fromEntries(
    await Promise.all(callerNames.map(async (name) => [name, await issueAccessToken(db, userIds[name])] as const)),
  ) as Record<CallerName, string>;
  const system = <T extends Parameters<typeof insertRecord>[1]>(
    object: T,
    values: Parameters<typeof insertRecord<T>>[2],
  ) => insertRecord(db, object, values, systemUserId);

  const sideStoreId = await system('webStore', { name: 'Side Store' });
  // A free delivery method of the store: offered by the shipment step, charges nothing.
  const deliveryMethodId = await system('orderDeliveryMethod', {
    name: 'Pickup',
    web_store_id: server.store.storeId,
    shipping_fee: 0,
  });

  // The checkout cart: ordered and activated, so every record a checkout writes exists.
  const checkoutCart = await createCart(db, server.store.storeId, buyer, [{ product: widget!, quantity: 1 }]);
  const driver = new CheckoutDriver(server.engine, buyer.userId, checkoutCart.cartId);
  const sessionId = await driver.startSession();
  await driver.moveTo(sessionId, 'Start', 'Cart To Order');
  const cartToOrderId = await driver.runStep('cartToOrderAction');
  await driver.moveTo(sessionId, 'Cart To Order', 'Activate Order');
  await driver.runStep('activateOrderAction', { orderStatus: 'Activated' });
  await server.engine.settle();
  const orderId = (await driver.session(sessionId)).order_id!;
  const first = async (table: 'order_item' | 'order_delivery_group', column: 'order_id') =>
    (await db.selectFrom(table).select('id').where(column, '=', orderId).executeTakeFirstOrThrow()).id;
  const summary = await db
    .selectFrom('order_summary')
    .select('id')
    .where('original_order_id', '=', orderId)
    .executeTakeFirstOrThrow();
  const summaryEvent = await db
    .selectFrom('order_summary_created_event')
    .select('id')
    .where('order_id', '=', orderId)
    .executeTakeFirstOrThrow();
  const checkoutItemId = checkoutCart.itemIds[0]!;
  const adjustmentGroupId = await system('webCartAdjustmentGroup', {
    web_cart_id: checkoutCart.cartId,
    name: 'Promotion',
    adjustment_type: 'AdjustmentAmount',
    total_amount: 0,
  });

  // The open cart: the shared target of the buyer-writable objects.
  const openCart = await createCart(db, server.store.storeId, buyer, [{ product: widget!, quantity: 1 }]);
  const buyerSet = await db
    .selectFrom('permission_set')
    .select('id')
    .where('name', '=', 'B2BBuyer')
    .executeTakeFirstOrThrow();
  const idOf = async (table: 'buyer_account' | 'buyer_group_member', column: 'buyer_id', value: string) =>
    (await db.selectFrom(table).select('id').where(column, '=', value).executeTakeFirstOrThrow()).id;

  const shared: Record<string, string> = {
    Organization: '00D000000000001EAA',
    Account: buyer.accountId,
    BuyerAccount: await idOf('buyer_account', 'buyer_id', buyer.accountId),
    BuyerGroup: server.store.buyerGroupId,
    BuyerGroupMember: await idOf('buyer_group_member', 'buyer_id', buyer.accountId),
    WebStore: server.store.storeId,
    WebStoreBuyerGroup: (
      await db
        .selectFrom('web_store_buyer_group')
        .select('id')
        .where('web_store_id', '=', server.store.storeId)
        .executeTakeFirstOrThrow()
    ).id,
    Contact: buyer.contactId,
    User: buyer.userId,
    PermissionSet: buyerSet.id,
    PermissionSetAssignment: (
      await db
        .selectFrom('permission_set_assignment')
        .select('id')
        .where('assignee_id', '=', buyer.userId)
        .executeTakeFirstOrThrow()
    ).id,
    Product2: widget!.id,
    ProductInventory: (
      await db
        .selectFrom('product_inventory')
        .select('id')
        .where('product2_id', '=', widget!.id)
        .executeTakeFirstOrThrow()
    ).id,
    StoreIntegratedService: await system('storeIntegratedService', {
      store_id: sideStoreId,
      service_provider_type: 'Price',
      integration: 'built-in',
    }),
    Pricebook2: server.store.pricebookId,
    PricebookEntry: (
      await db
        .selectFrom('pricebook_entry')
        .select('id')
        .where('product2_id', '=', widget!.id)
        .executeTakeFirstOrThrow()
    ).id,
    WebStorePricebook: (
      await db
        .selectFrom('web_store_pricebook')
        .select('id')
        .where('web_store_id', '=', server.store.storeId)
        .executeTakeFirstOrThrow()
    ).id,
    BuyerGroupPricebook: await system('buyerGroupPricebook', {
      buyer_group_id: await system('buyerGroup', { name: 'Side Buyers' }),
      pricebook2_id: server.store.pricebookId,
    }),
    Promotion: await system('promotion', {
      name: 'Side promotion',
      web_store_id: sideStoreId,
      discount_type: 'Percentage',
      discount_percent: 5,
      target: 'Cart',
    }),
    OrderDeliveryMethod: deliveryMethodId,
    TaxRate: await system('taxRate', { name: 'Inactive', country: 'ZZ', rate: 3, is_active: 0 }),
    RegisteredExternalService: await system('registeredExternalService', {
      developer_name: 'MatrixTax',
      external_service_provider_type: 'Tax',
      provider_kind: 'Module',
      target: './tax-provider.js',
    }),
    WebCart: openCart.cartId,
    CartDeliveryGroup: openCart.deliveryGroupId,
    CartItem: openCart.itemIds[0]!,
    CartCoupon: await system('cartCoupon', { web_cart_id: openCart.cartId, coupon_code: 'SAVE5' }),
    CartCheckoutSession: sessionId,
    CartValidationOutput: await system('cartValidationOutput', {
      cart_id: checkoutCart.cartId,
      name: 'Note',
      level: 'Info',
      type: 'Other',
    }),
    BackgroundOperation: cartToOrderId,
    CartDeliveryGroupMethod: await system('cartDeliveryGroupMethod', {
      web_cart_id: checkoutCart.cartId,
      cart_delivery_group_id: checkoutCart.deliveryGroupId,
      delivery_method_id: deliveryMethodId,
      name: 'Pickup',
      shipping_fee: 0,
    }),
    CartTax: await system('cartTax', {
      cart_id: checkoutCart.cartId,
      cart_item_id: checkoutItemId,
      name: 'Tax',
      amount: 0,
    }),
    WebCartAdjustmentGroup: adjustmentGroupId,
    CartItemPriceAdjustment: await system('cartItemPriceAdjustment', {
      cart_item_id: checkoutItemId,
      web_cart_id: checkoutCart.cartId,
      web_cart_adjustment_group_id: adjustmentGroupId,
      name: 'Promotion',
      adjustment_type: 'AdjustmentAmount',
      total_amount: 0,
    }),
    Order: orderId,
    OrderItem: await first('order_item', 'order_id'),
    OrderDeliveryGroup: await first('order_delivery_group', 'order_id'),
    OrderSummary: summary.id,
    OrderSummaryCreatedEvent: summaryEvent.id,
  };

  const fixtureValue: Fixture = {
    server,
    tokens,
    buyer,
    storeId: server.store.storeId,
    sideStoreId,
    widgetId: widget!.id,
    buyerSetId: buyerSet.id,
    deliveryMethodId,
    shared,
    unique: () => `${Date.now().toString(36)}${(counter += 1)}`,
    freshCart: () => createCart(db, server.store.storeId, buyer, [{ product: widget!, quantity: 1 }]),
    async post(creator, object, body) {
      const response = await server.request('POST', `${v}/sobjects/${object}`, { token: tokens[creator], body });
      expect(response.status, `${creator} creates ${object}: ${response.text}`).toBe(201);
      return response.body.id as string;
    },
  };
  return fixtureValue;
}

beforeAll(async () => {
  fixture = await seedFixture();
});
afterAll(() => fixture.server.dispose());

const asCaller = (caller: CallerName, method: string, path: string, body?: Body) =>
  fixture.server.request(method, `${v}${path}`, {
    token: fixture.tokens[caller],
    ...(body === undefined ? {} : { body }),
  });

function tableOf(object: string): string {
  return findObject(object)!.table;
}

async function storedRow(object: string, id: string): Promise<unknown> {
  const { db } = fixture.server.engine.store;
  const result = await sql`select * from ${sql.table(tableOf(object))} where id = ${id}`.execute(db);
  return result.rows;
}

async function storedTable(object: string): Promise<unknown> {
  const { db } = fixture.server.engine.store;
  return (await sql`select * from ${sql.table(tableOf(object))} order by id`.execute(db)).rows;
}

function expectRefusal(response: HttpResponse, refusal: Refusal, label: string): void {
  expect({ status: response.status, errorCode: response.body?.[0]?.errorCode }, `${label}: ${response.text}`).toEqual({
    status: refusal[0],
    errorCode: refusal[1],
  });
}

it('covers every object of the registry and every action of the catalog', () => {
  expect(objectTable.map((row) => row.object).sort()).toEqual(allObjects.map((object) => object.name).sort());
  expect(actionTable.map((row) => row.action).sort()).toEqual(actionCatalog.map((action) => action.name).sort());
});

describe.each(callerNames)('records as %s', (caller) => {
  it.each(objectTable.map((row) => [row.object, row] as const))(
    '%s: read, query, create, update, delete',
    async (_, row) => {
      const sharedId = fixture.shared[row.object]!;
      const label = `${caller} ${row.object}`;

      const read = await asCaller(caller, 'GET', `/sobjects/${row.object}/${sharedId}`);
      if (row.sees.includes(caller)) {
        expect(read.status, `${label} read: ${read.text}`).toBe(200);
        expect(read.body.Id).toBe(sharedId);
      } else {
        expectRefusal(read, notFound, `${label} read`);
      }
      const query = await asCaller(
        caller,
        'GET',
        `/query?q=${encodeURIComponent(`SELECT Id FROM ${row.object} WHERE Id = '${sharedId}'`)}`,
      );
      expect(query.status, `${label} query: ${query.text}`).toBe(200);
      expect(query.body.totalSize, `${label} query`).toBe(row.sees.includes(caller) ? 1 : 0);

      const createBody = await row.createBody(fixture);
      const createExpected = expectedOf(row, caller, 'create');
      const tableBefore = createExpected === 'ok' ? null : await storedTable(row.object);
      const created = await asCaller(caller, 'POST', `/sobjects/${row.object}`, createBody);
      if (createExpected === 'ok') {
        expect(created.status, `${label} create: ${created.text}`).toBe(201);
        expect(await storedRow(row.object, created.body.id as string)).toHaveLength(1);
      } else {
        expectRefusal(created, createExpected, `${label} create`);
        expect(await storedTable(row.object), `${label} create changed the table`).toEqual(tableBefore);
      }

      for (const operation of ['update', 'delete'] as const) {
        const expected = expectedOf(row, caller, operation);
        const id = expected === 'ok' ? await row.fresh!(fixture) : sharedId;
        const before = await storedRow(row.object, id);
        const response =
          operation === 'update'
            ? await asCaller(caller, 'PATCH', `/sobjects/${row.object}/${id}`, row.updateBody)
            : await asCaller(caller, 'DELETE', `/sobjects/${row.object}/${id}`);
        if (expected === 'ok') {
          expect(response.status, `${label} ${operation}: ${response.text}`).toBe(204);
          const after = await storedRow(row.object, id);
          if (operation === 'delete') expect(after).toEqual([]);
          else expect(after).not.toEqual(before);
        } else {
          expectRefusal(response, expected, `${label} ${operation}`);
          expect(await storedRow(row.object, id), `${label} ${operation} changed the row`).toEqual(before);
        }
      }
    },
  );
});

/**
 * Money, status and ownership are never a buyer's to write (SPEC.md section 6): each write is
 * refused with INVALID_FIELD_FOR_INSERT_UPDATE and changes nothing, whoever of the account's
 * buyers with edit access sends it. An integrator writes prices.
 */
const buyerFieldRefusals: readonly { object: string; body: Body }[] = [
  { object: 'WebCart', body: { Status: 'Closed' } },
  { object: 'WebCart', body: { OwnerId: systemUserId } },
  { object: 'WebCart', body: { GrandTotalAmount: 0 } },
  { object: 'WebCart', body: { TotalTaxAmount: 0 } },
  { object: 'CartItem', body: { SalesPrice: 0.01 } },
  { object: 'CartItem', body: { ListPrice: 0.01 } },
  { object: 'CartItem', body: { TotalPrice: 0.01 } },
  { object: 'CartItem', body: { TotalLineAmount: 0.01 } },
  { object: 'CartItem', body: { TotalAdjustmentAmount: -1 } },
  { object: 'CartDeliveryGroup', body: { DeliveryMethodId: 'shared OrderDeliveryMethod' } },
  { object: 'CartCheckoutSession', body: { IsProcessing: true } },
  { object: 'CartCheckoutSession', body: { IsArchived: true } },
  { object: 'CartCheckoutSession', body: { OrderId: 'shared Order' } },
];

describe.each(['buyer', 'superUser'] as const)('money, status and ownership fields as %s', (caller) => {
  it.each(buyerFieldRefusals.map((row) => [row.object, Object.keys(row.body)[0]!, row.body] as const))(
    'refuses an update of %s.%s with INVALID_FIELD_FOR_INSERT_UPDATE',
    async (object, field, template) => {
      // Reference values name a shared record: the refusal is about the field, not the value.
      const value = template[field];
      const body = {
        [field]: typeof value === 'string' && value.startsWith('shared ') ? fixture.shared[value.slice(7)] : value,
      };
      const id = object === 'CartCheckoutSession' ? await liveSession() : fixture.shared[object]!;
      const before = await storedRow(object, id);
      expectRefusal(await asCaller(caller, 'PATCH', `/sobjects/${object}/${id}`, body), invalidField, object);
      expect(await storedRow(object, id)).toEqual(before);
    },
  );

  it.each([{ SalesPrice: 0.01 }, { TotalPrice: 0.01 }, { Type: 'Charge' }])(
    'refuses a new cart line carrying %o',
    async (extra) => {
      const cart = await fixture.freshCart();
      const before = await storedTable('CartItem');
      const body = {
        CartId: cart.cartId,
        CartDeliveryGroupId: cart.deliveryGroupId,
        Product2Id: fixture.widgetId,
        Name: 'Widget',
        ...extra,
      };
      expectRefusal(await asCaller(caller, 'POST', '/sobjects/CartItem', body), invalidField, 'CartItem');
      expect(await storedTable('CartItem')).toEqual(before);
    },
  );
});

/** An Idle session of a fresh cart, for session writes that must be refused for their fields alone. */
async function liveSession(): Promise<string> {
  const { cartId } = await fixture.freshCart();
  return new CheckoutDriver(fixture.server.engine, fixture.buyer.userId, cartId).startSession();
}

it('lets an integrator write a line price, which makes the price current', async () => {
  const cart = await fixture.freshCart();
  const created = await asCaller('integrator', 'POST', '/sobjects/CartItem', {
    CartId: cart.cartId,
    CartDeliveryGroupId: cart.deliveryGroupId,
    Product2Id: fixture.widgetId,
    Name: 'Widget',
    Quantity: 2,
    SalesPrice: 7.5,
  });
  expect(created.status, created.text).toBe(201);
  const updated = await asCaller('integrator', 'PATCH', `/sobjects/CartItem/${cart.itemIds[0]}`, { SalesPrice: 8 });
  expect(updated.status, updated.text).toBe(204);
  const { db } = fixture.server.engine.store;
  const lines = await db
    .selectFrom('cart_item')
    .select(['id', 'sales_price', 'total_line_amount', 'is_price_current'])
    .where('cart_id', '=', cart.cartId)
    .execute();
  expect(lines.find((line) => line.id === created.body.id)).toMatchObject({
    sales_price: 750,
    total_line_amount: 1500,
    is_price_current: 1,
  });
  expect(lines.find((line) => line.id === cart.itemIds[0])).toMatchObject({ sales_price: 800, is_price_current: 1 });
});

/** What describe reports of CartItem's fields, per caller: the same rule the writes obey. */
const describeTable: Record<CallerName, { prices: boolean; quantity: boolean }> = {
  administrator: { prices: true, quantity: true },
  integrator: { prices: true, quantity: true },
  buyer: { prices: false, quantity: true },
  buyerManager: { prices: false, quantity: true },
  superUser: { prices: false, quantity: true },
  noPermission: { prices: false, quantity: false },
  otherAccountBuyer: { prices: false, quantity: true },
};

describe.each(callerNames)('describe as %s', (caller) => {
  it('reports which CartItem fields the caller may create and update', async () => {
    const response = await asCaller(caller, 'GET', '/sobjects/CartItem/describe');
    expect(response.status).toBe(200);
    const flags = (name: string) => {
      const field = (response.body.fields as { name: string; createable: boolean; updateable: boolean }[]).find(
        (candidate) => candidate.name === name,
      )!;
      return { createable: field.createable, updateable: field.updateable };
    };
    const { prices, quantity } = describeTable[caller];
    for (const name of ['SalesPrice', 'ListPrice', 'TotalPrice', 'TotalLineAmount']) {
      expect(flags(name), name).toEqual({ createable: prices, updateable: prices });
    }
    // Derived by the engine alone, whoever asks.
    expect(flags('TotalListPrice')).toEqual({ createable: false, updateable: false });
    expect(flags('Quantity')).toEqual({ createable: quantity, updateable: quantity });
  });
});

/**
 * Actions (SPEC.md section 4): the state each action is prepared in (where it succeeds for the
 * cart's owner), who may run it, and what the others get.
 */
type Preparation = 'active' | 'idle' | 'pending' | 'shipped' | 'ordered';
interface ActionRow {
  readonly action: string;
  readonly prepare: Preparation;
  readonly allowed: readonly CallerName[];
  readonly refusals: Partial<Record<CallerName, Refusal>>;
  readonly input: (prepared: { cartId: string; sessionId: string | null }) => Body;
}

const sessionRefusals = {
  noPermission: [400, 'BAD_REQUEST'],
  otherAccountBuyer: [400, 'BAD_REQUEST'],
} as const satisfies Partial<Record<CallerName, Refusal>>;
const stepRefusals = {
  noPermission: [400, 'BAD_REQUEST'],
  buyerManager: [400, 'BAD_REQUEST'],
  otherAccountBuyer: [500, 'INSUFFICIENT_ACCESS_OR_READONLY'],
} as const satisfies Partial<Record<CallerName, Refusal>>;
const cartInput = ({ cartId }: { cartId: string }) => ({ cartId });
const step = (action: string, extra: Body = {}, prepare: Preparation = 'pending'): ActionRow => ({
  action,
  prepare,
  allowed: cartEditors,
  refusals: stepRefusals,
  input: ({ cartId }) => ({ cartId, ...extra }),
});

const actionTable: readonly ActionRow[] = [
  {
    action: 'checkoutSessionAction',
    prepare: 'active',
    allowed: accountReaders,
    refusals: sessionRefusals,
    input: cartInput,
  },
  {
    action: 'updateCheckoutSessionStateAction',
    prepare: 'idle',
    allowed: accountReaders,
    refusals: { noPermission: [400, 'BAD_REQUEST'], otherAccountBuyer: insufficientAccess },
    input: ({ sessionId }) => ({ checkoutSessionId: sessionId, expCurrentState: 'Start', nextState: 'Next' }),
  },
  step('checkCartInventoryAction'),
  step('priceCart'),
  step('calcCartPromotionsAction'),
  step('calcCartShipmentAction'),
  step('calcCartTaxesAction'),
  step('cartToOrderAction'),
  step('activateOrderAction', { orderStatus: 'Activated' }, 'ordered'),
  step('cancelCartAsyncOperation', {}, 'pending'),
  {
    ...step('setCheckoutDeliveryMethod', {}, 'shipped'),
    input: ({ cartId }) => ({ cartId, deliveryMethodId: fixture.deliveryMethodId }),
  },
];

async function prepareCart(preparation: Preparation): Promise<{ cartId: string; sessionId: string | null }> {
  const { cartId } = await fixture.freshCart();
  if (preparation === 'active') return { cartId, sessionId: null };
  const driver = new CheckoutDriver(fixture.server.engine, fixture.buyer.userId, cartId);
  const sessionId = await driver.startSession();
  if (preparation === 'idle') return { cartId, sessionId };
  if (preparation === 'shipped') {
    await driver.moveTo(sessionId, 'Start', 'Shipping');
    await driver.runStep('calcCartShipmentAction');
    await driver.moveTo(sessionId, 'Shipping', 'Next');
  } else if (preparation === 'ordered') {
    await driver.moveTo(sessionId, 'Start', 'Cart To Order');
    await driver.runStep('cartToOrderAction');
    await driver.moveTo(sessionId, 'Cart To Order', 'Next');
  } else {
    await driver.moveTo(sessionId, 'Start', 'Next');
  }
  return { cartId, sessionId };
}

describe.each(callerNames)('actions as %s', (caller) => {
  it.each(actionTable.map((row) => [row.action, row] as const))('%s', async (_, row) => {
    const prepared = await prepareCart(row.prepare);
    const { engine } = fixture.server;
    const before = await cartSnapshot(engine, prepared.cartId);
    const response = await asCaller(caller, 'POST', `/actions/standard/${row.action}`, {
      inputs: [row.input(prepared)],
    });
    const result = response.body?.[0];
    if (row.allowed.includes(caller)) {
      expect(response.status, `${caller} ${row.action}: ${response.text}`).toBe(200);
      expect(result.isSuccess).toBe(true);
      await engine.settle();
      return;
    }
    const refusal = row.refusals[caller] ?? insufficientAccess;
    expect(
      { status: response.status, errorCode: result?.errors?.[0]?.statusCode },
      `${caller} ${row.action}: ${response.text}`,
    ).toEqual({ status: refusal[0], errorCode: refusal[1] });
    expect(await cartSnapshot(engine, prepared.cartId)).toEqual(before);
  });
});
