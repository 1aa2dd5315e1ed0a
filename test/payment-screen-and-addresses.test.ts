/**
 * The address and payment screens of checkout flows, B2BAuthorizeTokenizedPayment, and the
 * address book through the sObject API and SOQL: a buyer sees and writes only its own
 * account's addresses and cards; every refusal leaves what is stored as it was.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- response bodies are untyped JSON */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../src/access/caller.js';
import { deliveryAddressComponent } from '../src/flows/components/delivery-address.js';
import { paymentMethodComponent } from '../src/flows/components/payment-method.js';
import { createAuthorizeTokenizedPayment } from '../src/flows/invocables/b2b-authorize-tokenized-payment.js';
import { paymentInvocables, paymentScreenAdapters } from '../src/flows/payment-extensions.js';
import { seedPaymentSetup, type PaymentSetupSeed } from '../src/seed/seed-payment-setup.js';
import { cartSnapshot } from './support/actors.js';
import { openCheckout } from './support/checkout-setup.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';
import { callerOf, openPayableCheckout, testGatewayProviders } from './support/payment-setup.js';
import { testBackend } from './support/test-database.js';

const v = '/services/data/v60.0';

const setupA: PaymentSetupSeed = {
  addresses: [
    {
      type: 'Shipping',
      name: 'Plant 2',
      street: '9 Dock Rd',
      city: 'Oakland',
      state: 'CA',
      postalCode: '94607',
      country: 'US',
    },
    {
      type: 'Shipping',
      name: 'Head office',
      street: '1 Market St',
      city: 'San Francisco',
      state: 'CA',
      postalCode: '94105',
      country: 'US',
      isDefault: true,
      latitude: 37.7936,
      longitude: -122.3958,
    },
    {
      type: 'Billing',
      name: 'Accounts payable',
      street: '1 Market St',
      city: 'San Francisco',
      state: 'CA',
      postalCode: '94105',
      country: 'US',
    },
  ],
  cards: [
    {
      gatewayToken: 'tok_approve',
      nickName: 'Company Visa',
      cardType: 'Visa',
      cardLastFour: '4242',
      expiryMonth: 12,
      expiryYear: 2030,
    },
  ],
};
const setupB: PaymentSetupSeed = {
  addresses: [
    {
      type: 'Shipping',
      name: 'Globex depot',
      street: '5 Elm St',
      city: 'Austin',
      state: 'TX',
      postalCode: '73301',
      country: 'US',
    },
  ],
  cards: [
    {
      gatewayToken: 'tok_approve',
      nickName: 'Globex card',
      cardType: 'MasterCard',
      cardLastFour: '4444',
      expiryMonth: 1,
      expiryYear: 2031,
    },
  ],
};

let server: HttpTestServer;
let callerA: Caller;
let callerB: Caller;
let idsA: { addressIds: string[]; cardIds: string[] };
let idsB: { addressIds: string[]; cardIds: string[] };

beforeAll(async () => {
  server = await startHttpTestServer(undefined, { engineOptions: { workers: 0 } });
  const [buyerA, buyerB] = server.store.buyers;
  idsA = await seedPaymentSetup(server.engine.store.db, buyerA!.accountId, setupA);
  idsB = await seedPaymentSetup(server.engine.store.db, buyerB!.accountId, setupB);
  callerA = await callerOf(server.engine, buyerA!.userId);
  callerB = await callerOf(server.engine, buyerB!.userId);
});
afterAll(() => server?.dispose());

const contextOf = (caller: Caller) => ({ store: server.engine.store, caller });
const groupsOf = (cartId: string) =>
  server.engine.store.db.selectFrom('cart_delivery_group').selectAll().where('cart_id', '=', cartId).execute();
const addressCount = async () =>
  (await server.engine.store.db.selectFrom('contact_point_address').select('id').execute()).length;
const cardCount = async () =>
  (await server.engine.store.db.selectFrom('card_payment_method').select('id').execute()).length;

describe(`the delivery address screen (${testBackend})`, () => {
  it("shows the cart account's shipping addresses only, the default first", async () => {
    const { cartId } = await openCheckout(server);
    const inputs = await deliveryAddressComponent.view(contextOf(callerA), { cartId, showShippingInstructions: true });
    expect(inputs.addresses).toMatchObject([
      { id: idsA.addressIds[1], name: 'Head office', isDefault: true, latitude: 37.7936 },
      { id: idsA.addressIds[0], name: 'Plant 2', isDefault: false },
    ]);
    expect(inputs).toMatchObject({ cartId, readonly: false, showShippingInstructions: true });
  });

  it('writes a chosen address onto every delivery group without canceling the checkout', async () => {
    const { cartId, sessionId } = await openCheckout(server);
    const revisionBefore = (
      await server.engine.store.db
        .selectFrom('web_cart')
        .select('content_revision')
        .where('id', '=', cartId)
        .executeTakeFirstOrThrow()
    ).content_revision;
    const outputs = await deliveryAddressComponent.accept(
      contextOf(callerA),
      { cartId, showShippingInstructions: true },
      { contactPointAddressId: idsA.addressIds[1], shippingInstructions: 'Dock 4' },
    );
    expect(outputs).toEqual({ contactPointAddressId: idsA.addressIds[1], shippingInstructions: 'Dock 4' });
    for (const group of await groupsOf(cartId)) {
      expect(group).toMatchObject({
        deliver_to_name: 'Head office',
        deliver_to_street: '1 Market St',
        deliver_to_city: 'San Francisco',
        deliver_to_state: 'CA',
        deliver_to_postal_code: '94105',
        deliver_to_country: 'US',
        deliver_to_geocode_accuracy: 'Address',
        deliver_to_latitude: 37.7936,
        deliver_to_longitude: -122.3958,
        shipping_instructions: 'Dock 4',
      });
    }
    const db = server.engine.store.db;
    const session = await db
      .selectFrom('cart_checkout_session')
      .selectAll()
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(session).toMatchObject({ state: 'Start', is_archived: 0, is_error: 0 });
    const cart = await db
      .selectFrom('web_cart')
      .select(['status', 'content_revision'])
      .where('id', '=', cartId)
      .executeTakeFirstOrThrow();
    expect(cart.status).toBe('Checkout');
    expect(cart.content_revision).toBeGreaterThan(revisionBefore);
  });

  it("saves a valid new address to the cart's account and delivers there", async () => {
    const { cartId } = await openCheckout(server);
    const newAddress = {
      name: 'Site 7',
      street: '77 Quarry Ln',
      city: 'Fresno',
      state: 'CA',
      postalCode: '93650',
      country: 'US',
      latitude: 36.8,
      longitude: -119.8,
    };
    const { contactPointAddressId } = await deliveryAddressComponent.accept(
      contextOf(callerA),
      { cartId },
      { newAddress },
    );
    const saved = await server.engine.store.db
      .selectFrom('contact_point_address')
      .selectAll()
      .where('id', '=', String(contactPointAddressId))
      .executeTakeFirstOrThrow();
    expect(saved).toMatchObject({
      parent_id: server.store.buyers[0]!.accountId,
      address_type: 'Shipping',
      name: 'Site 7',
      is_default: 0,
    });
    expect((await groupsOf(cartId))[0]).toMatchObject({ deliver_to_city: 'Fresno', deliver_to_latitude: 36.8 });
  });

  it("refuses another account's address, an invalid new address and another account's cart, changing nothing", async () => {
    const { cartId } = await openCheckout(server);
    const before = { cart: await cartSnapshot(server.engine, cartId), addresses: await addressCount() };
    const refusals: [Caller, Record<string, unknown>, string][] = [
      [callerA, { contactPointAddressId: idsB.addressIds[0] }, 'contactPointAddressId'],
      [callerA, { contactPointAddressId: 'not-an-id' }, 'contactPointAddressId'],
      [callerA, {}, 'contactPointAddressId'],
      [callerA, { newAddress: { name: 'X', street: '1 A St', postalCode: '1', country: 'US' } }, 'newAddress.city'],
      [
        callerA,
        { newAddress: { name: 'X', street: '1 A St', city: 'C', postalCode: '1', country: 'US', latitude: 200 } },
        'newAddress.latitude',
      ],
      [callerA, { contactPointAddressId: idsA.addressIds[0], surprise: 1 }, 'surprise'],
      [callerB, { contactPointAddressId: idsB.addressIds[0] }, 'cartId'],
    ];
    for (const [caller, submitted, field] of refusals) {
      const refusal = deliveryAddressComponent.accept(contextOf(caller), { cartId }, submitted);
      await expect(refusal, JSON.stringify(submitted)).rejects.toMatchObject({
        errorCode: 'INVALID_INPUT',
        httpStatus: 400,
        fields: [field],
      });
    }
    await expect(deliveryAddressComponent.view(contextOf(callerB), { cartId })).rejects.toMatchObject({
      errorCode: 'INVALID_INPUT',
    });
    expect({ cart: await cartSnapshot(server.engine, cartId), addresses: await addressCount() }).toEqual(before);
  });
});

describe(`the payment method screen (${testBackend})`, () => {
  it('sets a purchase order number and the billing address from the address book', async () => {
    const { cartId } = await openCheckout(server);
    const view = await paymentMethodComponent.view(contextOf(callerA), { cartId, hideCreditCard: false });
    expect(view.paymentTypes).toEqual(['PurchaseOrder', 'CardPayment']);
    expect(view.cards).toEqual([expect.objectContaining({ id: idsA.cardIds[0], displayCardNumber: '****4242' })]);
    expect(JSON.stringify(view)).not.toContain('tok_approve');
    expect(view.billingAddresses).toEqual([expect.objectContaining({ id: idsA.addressIds[2] })]);
    const outputs = await paymentMethodComponent.accept(
      contextOf(callerA),
      { cartId, poRequired: true },
      { paymentType: 'PurchaseOrder', purchaseOrderNumber: 'PO-555', selectedBillingAddress: idsA.addressIds[2] },
    );
    expect(outputs).toEqual({ selectedBillingAddress: idsA.addressIds[2], purchaseOrderNumber: 'PO-555' });
    const cart = await server.engine.store.db
      .selectFrom('web_cart')
      .selectAll()
      .where('id', '=', cartId)
      .executeTakeFirstOrThrow();
    expect(cart).toMatchObject({
      po_number: 'PO-555',
      payment_method_id: null,
      billing_street: '1 Market St',
      billing_city: 'San Francisco',
      billing_postal_code: '94105',
    });
  });

  it('saves a new tokenized card and makes it the cart payment method', async () => {
    const { cartId } = await openCheckout(server);
    const cards = await cardCount();
    await paymentMethodComponent.accept(
      contextOf(callerA),
      { cartId, cardHolderNameRequired: true },
      {
        paymentType: 'CardPayment',
        card: {
          gatewayToken: 'tok_approve',
          cardType: 'Visa',
          cardHolderName: 'Ada Buyer',
          cardLastFour: '1111',
          expiryMonth: 5,
          expiryYear: 2031,
        },
      },
    );
    const cart = await server.engine.store.db
      .selectFrom('web_cart')
      .selectAll()
      .where('id', '=', cartId)
      .executeTakeFirstOrThrow();
    expect(cart.po_number).toBeNull();
    const card = await server.engine.store.db
      .selectFrom('card_payment_method')
      .selectAll()
      .where('id', '=', cart.payment_method_id!)
      .executeTakeFirstOrThrow();
    expect(card).toMatchObject({
      account_id: server.store.buyers[0]!.accountId,
      gateway_token: 'tok_approve',
      display_card_number: '****1111',
      card_holder_name: 'Ada Buyer',
    });
    expect(await cardCount()).toBe(cards + 1);
  });

  it("refuses card numbers, another account's card or address, and missing required values, changing nothing", async () => {
    const { cartId } = await openCheckout(server);
    const before = { cart: await cartSnapshot(server.engine, cartId), cards: await cardCount() };
    const refusals: [Record<string, unknown>, Record<string, unknown>, string][] = [
      [{ cartId }, { paymentType: 'CardPayment', card: { gatewayToken: '4242 4242 4242 4242' } }, 'card.gatewayToken'],
      [{ cartId }, { paymentType: 'CardPayment', cardNumber: '4242424242424242' }, 'cardNumber'],
      [{ cartId }, { paymentType: 'CardPayment', card: { gatewayToken: 'tok_approve', cvv: '123' } }, 'cvv'],
      [{ cartId }, { paymentType: 'CardPayment', cardPaymentMethodId: idsB.cardIds[0] }, 'cardPaymentMethodId'],
      [
        { cartId },
        { paymentType: 'PurchaseOrder', purchaseOrderNumber: 'P', selectedBillingAddress: idsB.addressIds[0] },
        'selectedBillingAddress',
      ],
      [{ cartId, poRequired: true }, { paymentType: 'PurchaseOrder' }, 'purchaseOrderNumber'],
      [{ cartId, hidePurchaseOrder: true }, { paymentType: 'PurchaseOrder', purchaseOrderNumber: 'P' }, 'paymentType'],
      [
        { cartId, cardTypeRequired: true },
        { paymentType: 'CardPayment', card: { gatewayToken: 'tok_x' } },
        'card.cardType',
      ],
      [{ cartId }, { paymentType: 'Cash' }, 'paymentType'],
    ];
    for (const [parameters, submitted, field] of refusals) {
      const refusal = paymentMethodComponent.accept(contextOf(callerA), parameters, submitted);
      await expect(refusal, JSON.stringify(submitted)).rejects.toMatchObject({
        errorCode: 'INVALID_INPUT',
        httpStatus: 400,
        fields: [field],
      });
    }
    const stranger = paymentMethodComponent.accept(
      contextOf(callerB),
      { cartId },
      { paymentType: 'PurchaseOrder', purchaseOrderNumber: 'P' },
    );
    await expect(stranger).rejects.toMatchObject({ errorCode: 'INVALID_INPUT', fields: ['cartId'] });
    expect({ cart: await cartSnapshot(server.engine, cartId), cards: await cardCount() }).toEqual(before);
  });
});

describe(`B2BAuthorizeTokenizedPayment (${testBackend})`, () => {
  it('answers output null when authorized and the decline message otherwise', async () => {
    const invocable = createAuthorizeTokenizedPayment({ providers: testGatewayProviders(server.engine) });
    const context = { ...contextOf(callerA), invokeAction: () => Promise.reject(new Error('not used')) };
    const approved = await openPayableCheckout(server);
    await server.engine.store.db
      .updateTable('web_cart')
      .set({ payment_method_id: idsA.cardIds[0]! })
      .where('id', '=', approved.cartId)
      .execute();
    expect(await invocable.run(context, { cartId: approved.cartId })).toEqual({ output: null });
    const declined = await openPayableCheckout(server);
    await server.engine.store.db
      .updateTable('web_cart')
      .set({ po_number: null })
      .where('id', '=', declined.cartId)
      .execute();
    const answer = await invocable.run(context, { cartId: declined.cartId });
    expect(answer.output).toMatch(/purchase order number is required/);
    const statuses = await server.engine.store.db
      .selectFrom('payment_authorization')
      .select(['web_cart_id', 'status'])
      .where('web_cart_id', 'in', [approved.cartId, declined.cartId])
      .execute();
    expect(statuses).toEqual(
      expect.arrayContaining([
        { web_cart_id: approved.cartId, status: 'Processed' },
        { web_cart_id: declined.cartId, status: 'Failed' },
      ]),
    );
    await expect(invocable.run({ ...context, caller: callerB }, { cartId: approved.cartId })).rejects.toMatchObject({
      errorCode: 'INVALID_INPUT',
    });
  });

  it('is exported with the screen adapters for the flow runtime', () => {
    expect(paymentScreenAdapters.map((adapter) => adapter.extensionName)).toEqual([
      'forceCommunity:commerceDelivery',
      'c:paymentMethod',
    ]);
    expect(paymentInvocables({ providers: server.engine.providers }).map((invocable) => invocable.name)).toEqual([
      'B2BAuthorizeTokenizedPayment',
    ]);
  });
});

describe(`addresses, cards and authorizations through the sObject API (${testBackend})`, () => {
  const asBuyer = (index: number, method: string, path: string, body?: unknown) =>
    server.request(method, `${v}${path}`, {
      token: server.buyerTokens[index]!,
      ...(body === undefined ? {} : { body }),
    });

  it("shows a buyer its own account's addresses and never another's, by id or by query", async () => {
    expect((await asBuyer(0, 'GET', `/sobjects/ContactPointAddress/${idsA.addressIds[0]}`)).status).toBe(200);
    expect((await asBuyer(0, 'GET', `/sobjects/ContactPointAddress/${idsB.addressIds[0]}`)).status).toBe(404);
    const query = await asBuyer(
      0,
      'GET',
      `/query?q=${encodeURIComponent('SELECT Id, ParentId, Name FROM ContactPointAddress')}`,
    );
    expect(query.status).toBe(200);
    const parents = new Set((query.body.records as { ParentId: string }[]).map((record) => record.ParentId));
    expect([...parents]).toEqual([server.store.buyers[0]!.accountId]);
    const card = await asBuyer(0, 'GET', `/sobjects/CardPaymentMethod/${idsA.cardIds[0]}`);
    expect(card.status).toBe(200);
    expect(card.body.GatewayToken).toBeUndefined();
    expect((await asBuyer(0, 'GET', `/sobjects/CardPaymentMethod/${idsB.cardIds[0]}`)).status).toBe(404);
  });

  it("lets a buyer add to its own address book but not to another account's, nor change another's", async () => {
    const accountB = server.store.buyers[1]!.accountId;
    const before = await addressCount();
    const foreign = await asBuyer(0, 'POST', '/sobjects/ContactPointAddress', {
      ParentId: accountB,
      AddressType: 'Shipping',
      Name: 'Sneaky',
      City: 'X',
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body[0].errorCode).toBe('INVALID_CROSS_REFERENCE_KEY');
    const update = await asBuyer(0, 'PATCH', `/sobjects/ContactPointAddress/${idsB.addressIds[0]}`, {
      City: 'Elsewhere',
    });
    expect(update.status).toBe(404);
    const remove = await asBuyer(0, 'DELETE', `/sobjects/ContactPointAddress/${idsB.addressIds[0]}`);
    expect(remove.status).toBe(404);
    expect(await addressCount()).toBe(before);
    const stored = await server.engine.store.db
      .selectFrom('contact_point_address')
      .selectAll()
      .where('id', '=', idsB.addressIds[0]!)
      .executeTakeFirstOrThrow();
    expect(stored.city).toBe('Austin');
    const own = await asBuyer(0, 'POST', '/sobjects/ContactPointAddress', {
      ParentId: server.store.buyers[0]!.accountId,
      AddressType: 'Billing',
      Name: 'Branch',
      City: 'Reno',
      Latitude: 39.5,
    });
    expect(own.status).toBe(201);
    expect(await addressCount()).toBe(before + 1);
  });

  it('never lets a buyer write authorizations, nor point its cart at another account card', async () => {
    const { cartId } = await openPayableCheckout(server);
    const created = await asBuyer(0, 'POST', '/sobjects/PaymentAuthorization', {
      WebCartId: cartId,
      Amount: 1,
      Status: 'Processed',
    });
    expect(created.status).toBe(400);
    expect(created.body[0].errorCode).toBe('INSUFFICIENT_ACCESS_OR_READONLY');
    const foreignCard = await asBuyer(0, 'PATCH', `/sobjects/WebCart/${cartId}`, { PaymentMethodId: idsB.cardIds[0] });
    expect(foreignCard.status).toBe(400);
    expect(foreignCard.body[0].errorCode).toBe('INVALID_CROSS_REFERENCE_KEY');
    const ownCard = await asBuyer(0, 'PATCH', `/sobjects/WebCart/${cartId}`, {
      PaymentMethodId: idsA.cardIds[0],
      BillingLatitude: 37.1,
    });
    expect(ownCard.status).toBe(204);
    const cart = await server.engine.store.db
      .selectFrom('web_cart')
      .selectAll()
      .where('id', '=', cartId)
      .executeTakeFirstOrThrow();
    expect(cart).toMatchObject({ payment_method_id: idsA.cardIds[0], billing_latitude: 37.1 });
    expect(
      await server.engine.store.db
        .selectFrom('payment_authorization')
        .select('id')
        .where('web_cart_id', '=', cartId)
        .execute(),
    ).toEqual([]);
  });
});
