import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignPermissionSet, systemUserId } from '../src/access/permission-sets.js';
import { isCheckoutError } from '../src/domain/errors.js';
import { cancelCheckoutButtonComponent } from '../src/flows/components/cancel-checkout-button.js';
import { checkoutComponents } from '../src/flows/components/checkout-components.js';
import { checkoutSummaryComponent } from '../src/flows/components/checkout-summary.js';
import { deliveryMethodComponent } from '../src/flows/components/delivery-method.js';
import { orderConfirmationRedirectComponent } from '../src/flows/components/order-confirmation-redirect.js';
import { screenWaitComponent } from '../src/flows/components/screen-wait.js';
import { b2bSyncDelivery } from '../src/flows/invocables/b2b-sync-delivery.js';
import { b2bSyncPricing } from '../src/flows/invocables/b2b-sync-pricing.js';
import type { ComponentContext, ScreenComponentAdapter } from '../src/flows/screen-component.js';
import { enqueueOperation } from '../src/operations/enqueue-operation.js';
import { createCart } from '../src/seed/create-cart.js';
import { startSessionOperation } from '../src/store/checkout-transitions.js';
import { cartSnapshot, seedActors } from './support/actors.js';
import { cartOf, openCheckout, seedStandardSetup, type OpenCheckout } from './support/checkout-setup.js';
import { expectSuccess } from './support/checkout-steps.js';
import { componentContextFor, invocableContextFor } from './support/flow-contexts.js';
import { runFullCheckout } from './support/run-full-checkout.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

let test: TestEngine;
let checkout: OpenCheckout;
let buyer: ComponentContext;
let otherBuyer: ComponentContext;
beforeEach(async () => {
  test = await openTestEngine();
  checkout = await openCheckout(test);
  buyer = await componentContextFor(test, test.store.buyers[0]!.userId);
  otherBuyer = await componentContextFor(test, test.store.buyers[1]!.userId);
});
afterEach(async () => {
  await test.dispose();
});

async function failureOf(work: Promise<unknown>) {
  const error = await work.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!isCheckoutError(error)) throw new Error(`expected a CheckoutError, got ${String(error)}`);
  return { errorCode: error.errorCode, httpStatus: error.httpStatus, fields: error.fields, message: error.message };
}

/** Accepting never writes: the stored cart is the same before and after, whatever the answer. */
async function acceptUnchanged(
  adapter: ScreenComponentAdapter,
  context: ComponentContext,
  parameters: Record<string, unknown>,
  submitted: Record<string, unknown>,
) {
  const before = await cartSnapshot(test.engine, checkout.cartId);
  const outcome = await adapter.accept(context, parameters, submitted).then(
    (outputs) => ({ outputs }),
    (error: unknown) => ({ error }),
  );
  expect(await cartSnapshot(test.engine, checkout.cartId)).toEqual(before);
  if ('error' in outcome) throw outcome.error;
  return outcome.outputs;
}

it('provides the five adapters under the extension names the templates use', () => {
  expect(checkoutComponents.map((adapter) => adapter.extensionName)).toEqual([
    'commerce_checkout:deliveryMethod',
    'forceCommunity:commerceCheckoutSummary',
    'forceCommunity:flowRedirect',
    'forceCommunity:commerceScreenWait',
    'forceCommunity:cancelCheckoutButton',
  ]);
});

describe('commerce_checkout:deliveryMethod', () => {
  let deliveryMethodIds: readonly string[];
  beforeEach(async () => {
    deliveryMethodIds = (await seedStandardSetup(test)).deliveryMethodIds;
  });
  const parameters = () => ({ cartId: checkout.cartId });
  const quoteOptions = async () => {
    const context = await invocableContextFor(test, test.store.buyers[0]!.userId);
    await b2bSyncDelivery.run(context, { cartIds: [checkout.cartId] });
  };

  it('shows no options before a shipment calculation, and requires a choice', async () => {
    expect(await deliveryMethodComponent.view(buyer, parameters())).toMatchObject({
      cartId: checkout.cartId,
      options: [],
      selectedDeliveryMethodId: null,
    });
    const failure = await failureOf(acceptUnchanged(deliveryMethodComponent, buyer, parameters(), {}));
    expect(failure).toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING', httpStatus: 400 });
  });

  it('shows the options the last calculation offered, with their fees, cheapest first', async () => {
    await quoteOptions();
    const view = await deliveryMethodComponent.view(buyer, parameters());
    expect(view).toMatchObject({ isReadOnly: false, currencyIsoCode: 'USD', selectedDeliveryMethodId: null });
    expect(view.options).toEqual([
      {
        deliveryMethodId: deliveryMethodIds[0],
        name: 'Ground',
        shippingFee: 15,
        carrier: null,
        classOfService: null,
        isSelected: false,
      },
      {
        deliveryMethodId: deliveryMethodIds[1],
        name: 'Express',
        shippingFee: 30,
        carrier: null,
        classOfService: null,
        isSelected: false,
      },
    ]);
  });

  it('accepts an offered method (15 characters too) and outputs its 18-character id, writing nothing', async () => {
    await quoteOptions();
    const outputs = await acceptUnchanged(deliveryMethodComponent, buyer, parameters(), {
      orderDeliveryMethodId: deliveryMethodIds[1]!.slice(0, 15),
    });
    expect(outputs).toEqual({ orderDeliveryMethodId: deliveryMethodIds[1] });
  });

  it('refuses a method that was not offered, a malformed id and values it does not take', async () => {
    await quoteOptions();
    const notOffered = await test.engine.store.db
      .selectFrom('order_delivery_method')
      .select('id')
      .where('id', 'not in', [...deliveryMethodIds])
      .executeTakeFirst();
    for (const given of [notOffered?.id ?? '2Dm000000000000AAA', 'nonsense', 42]) {
      const failure = await failureOf(
        acceptUnchanged(deliveryMethodComponent, buyer, parameters(), { orderDeliveryMethodId: given }),
      );
      expect(failure).toMatchObject({ errorCode: 'INVALID_INPUT', httpStatus: 400, fields: ['orderDeliveryMethodId'] });
    }
    const unknown = await failureOf(acceptUnchanged(deliveryMethodComponent, buyer, parameters(), { price: 0 }));
    expect(unknown).toMatchObject({ errorCode: 'INVALID_INPUT', fields: ['price'] });
  });

  it('keeps the chosen method when nothing new is chosen; read-only refuses another', async () => {
    await quoteOptions();
    expectSuccess(
      await test.engine.invoke(
        'setCheckoutDeliveryMethod',
        { cartId: checkout.cartId, deliveryMethodId: deliveryMethodIds[0] },
        { userId: test.store.buyers[0]!.userId },
      ),
    );
    expect(await deliveryMethodComponent.view(buyer, parameters())).toMatchObject({
      selectedDeliveryMethodId: deliveryMethodIds[0],
    });
    expect(await acceptUnchanged(deliveryMethodComponent, buyer, parameters(), {})).toEqual({
      orderDeliveryMethodId: deliveryMethodIds[0],
    });
    const readOnly = { ...parameters(), isReadOnly: true };
    expect(await deliveryMethodComponent.view(buyer, readOnly)).toMatchObject({ isReadOnly: true });
    const failure = await failureOf(
      acceptUnchanged(deliveryMethodComponent, buyer, readOnly, { orderDeliveryMethodId: deliveryMethodIds[1] }),
    );
    expect(failure).toMatchObject({ errorCode: 'INVALID_INPUT', httpStatus: 400 });
  });

  it("shows another account's buyer nothing of the cart, the same as for no cart", async () => {
    await quoteOptions();
    const other = await failureOf(deliveryMethodComponent.view(otherBuyer, parameters()));
    const missing = await failureOf(deliveryMethodComponent.view(buyer, { cartId: '0a6000000000000AAA' }));
    expect(other).toMatchObject({ errorCode: 'INVALID_INPUT', httpStatus: 400, fields: ['cartId'] });
    expect(missing).toMatchObject({ errorCode: 'INVALID_INPUT', httpStatus: 400, fields: ['cartId'] });
    const refused = await failureOf(
      acceptUnchanged(deliveryMethodComponent, otherBuyer, parameters(), {
        orderDeliveryMethodId: deliveryMethodIds[0],
      }),
    );
    expect(refused).toMatchObject({ errorCode: 'INVALID_INPUT', fields: ['cartId'] });
  });
});

describe('forceCommunity:commerceCheckoutSummary', () => {
  it('shows the cart with its totals, lines and delivery groups as the API does', async () => {
    const context = await invocableContextFor(test, test.store.buyers[0]!.userId);
    await b2bSyncPricing.run(context, { cartIds: [checkout.cartId] });
    const view = await checkoutSummaryComponent.view(buyer, { cartId: checkout.cartId });
    expect(view.cart).toMatchObject({
      Id: checkout.cartId,
      Status: 'Checkout',
      GrandTotalAmount: 35,
      TotalProductAmount: 35,
      CurrencyIsoCode: 'USD',
    });
    const lines = (view.items as Record<string, unknown>[]).map((item) => [item.Sku, item.Quantity, item.TotalPrice]);
    expect(lines).toHaveLength(2);
    expect(lines).toEqual(
      expect.arrayContaining([
        ['WID-1', 3, 30],
        ['GAD-1', 2, 5],
      ]),
    );
    expect(view.deliveryGroups).toEqual([expect.objectContaining({ DeliverToState: 'CA', CartId: checkout.cartId })]);
    expect(await acceptUnchanged(checkoutSummaryComponent, buyer, { cartId: checkout.cartId }, {})).toEqual({});
  });

  it("refuses another account's buyer and values it does not take", async () => {
    expect(await failureOf(checkoutSummaryComponent.view(otherBuyer, { cartId: checkout.cartId }))).toMatchObject({
      errorCode: 'INVALID_INPUT',
      httpStatus: 400,
    });
    const failure = await failureOf(
      acceptUnchanged(checkoutSummaryComponent, buyer, { cartId: checkout.cartId }, { GrandTotalAmount: 0 }),
    );
    expect(failure).toMatchObject({ errorCode: 'INVALID_INPUT', fields: ['GrandTotalAmount'] });
  });
});

describe('forceCommunity:flowRedirect', () => {
  it('names the order behind the order summary it redirects to, to its buyer only', async () => {
    const owner = test.store.buyers[0]!;
    const { cartId } = await createCart(test.engine.store.db, test.store.storeId, owner, [
      { product: test.store.products[0]!, quantity: 1 },
    ]);
    const outcome = await runFullCheckout(test.engine, cartId, owner.userId);
    expect(outcome).toMatchObject({ isError: false, state: 'Activate Order' });
    await test.engine.settle();
    const summary = await test.engine.store.db
      .selectFrom('order_summary')
      .select('id')
      .where('original_order_id', '=', outcome.orderId)
      .executeTakeFirstOrThrow();
    const order = await test.engine.store.db
      .selectFrom('sales_order')
      .select(['order_number', 'status'])
      .where('id', '=', outcome.orderId)
      .executeTakeFirstOrThrow();
    const parameters = { pageName: 'orderconfirmation', recordId: summary.id };
    expect(await orderConfirmationRedirectComponent.view(buyer, parameters)).toEqual({
      pageName: 'orderconfirmation',
      recordId: summary.id,
      order: {
        orderId: outcome.orderId,
        orderNumber: order.order_number,
        status: 'Activated',
        orderSummaryId: summary.id,
      },
    });
    expect(
      await orderConfirmationRedirectComponent.view(buyer, { pageName: 'order', recordId: outcome.orderId }),
    ).toMatchObject({ order: { orderSummaryId: summary.id } });
    expect(await orderConfirmationRedirectComponent.view(otherBuyer, parameters)).toMatchObject({ order: null });
    expect(await orderConfirmationRedirectComponent.accept(buyer, parameters, {})).toEqual({});
  });
});

describe('forceCommunity:commerceScreenWait', () => {
  it('waits exactly while the session is processing', async () => {
    const parameters = { cartCheckoutSessionId: checkout.sessionId };
    expect(await screenWaitComponent.isWaiting!(buyer, parameters)).toBe(false);
    await checkout.driver.moveTo(checkout.sessionId, 'Start', 'Confirm Price');
    // A price step that no worker takes until the test releases it.
    const operationId = await test.engine.store.transaction(async (trx) => {
      const id = await enqueueOperation(
        trx,
        {
          type: 'PriceCart',
          cartId: checkout.cartId,
          sessionId: checkout.sessionId,
          runAfterMs: Date.now() + 3_600_000,
        },
        systemUserId,
      );
      expect(await startSessionOperation(trx, checkout.sessionId, id, systemUserId)).toBe(true);
      return id;
    });
    expect(await screenWaitComponent.isWaiting!(buyer, parameters)).toBe(true);
    expect(await screenWaitComponent.isWaiting!(buyer, { cartId: checkout.cartId })).toBe(true);
    expect(await screenWaitComponent.view(buyer, parameters)).toEqual({
      checkoutSessionId: checkout.sessionId,
      state: 'Start',
      isProcessing: true,
      isError: false,
    });
    // Another account's buyer is never held by a session it can't see.
    expect(await screenWaitComponent.isWaiting!(otherBuyer, parameters)).toBe(false);
    await test.engine.store.db
      .updateTable('background_operation')
      .set({ run_after_ms: 0 })
      .where('id', '=', operationId)
      .execute();
    await test.engine.settle();
    expect(await screenWaitComponent.isWaiting!(buyer, parameters)).toBe(false);
    expect(await screenWaitComponent.view(buyer, parameters)).toMatchObject({
      state: 'Confirm Price',
      isProcessing: false,
    });
  });
});

describe('forceCommunity:cancelCheckoutButton', () => {
  const parameters = () => ({ cartId: checkout.cartId });

  it('shows whether the checkout can be canceled; true cancels it as the buyer, false changes nothing', async () => {
    expect(await cancelCheckoutButtonComponent.view(buyer, parameters())).toEqual({
      cartId: checkout.cartId,
      label: 'Cancel Checkout',
      canCancel: true,
    });
    expect(await acceptUnchanged(cancelCheckoutButtonComponent, buyer, parameters(), {})).toEqual({
      isCanceled: false,
    });
    expect(await cancelCheckoutButtonComponent.accept(buyer, parameters(), { isCanceled: true })).toEqual({
      isCanceled: true,
    });
    expect((await cartOf(test.engine, checkout.cartId)).status).toBe('Active');
    expect((await checkout.driver.session(checkout.sessionId)).is_archived).toBe(1);
  });

  it('refuses a value that is not a boolean, a cart not in checkout and another account', async () => {
    const notBoolean = await failureOf(
      acceptUnchanged(cancelCheckoutButtonComponent, buyer, parameters(), { isCanceled: 'yes' }),
    );
    expect(notBoolean).toMatchObject({ errorCode: 'INVALID_INPUT', httpStatus: 400, fields: ['isCanceled'] });
    const other = await failureOf(
      acceptUnchanged(cancelCheckoutButtonComponent, otherBuyer, parameters(), { isCanceled: true }),
    );
    expect(other).toMatchObject({ errorCode: 'INVALID_INPUT', fields: ['cartId'] });
    expectSuccess(
      await test.engine.invoke('cancelCartAsyncOperation', parameters(), { userId: test.store.buyers[0]!.userId }),
    );
    expect(await cancelCheckoutButtonComponent.view(buyer, parameters())).toMatchObject({ canCancel: false });
    const notInCheckout = await failureOf(
      acceptUnchanged(cancelCheckoutButtonComponent, buyer, parameters(), { isCanceled: true }),
    );
    expect(notInCheckout).toMatchObject({ errorCode: 'INVALID_OPERATION', httpStatus: 400 });
  });

  it('lets a buyer manager who only reads the cart see the button but not cancel', async () => {
    const { coBuyerUserId } = await seedActors(test);
    await assignPermissionSet(test.engine.store.db, coBuyerUserId, 'B2BBuyerManager');
    const manager = await componentContextFor(test, coBuyerUserId);
    expect(await cancelCheckoutButtonComponent.view(manager, parameters())).toMatchObject({ canCancel: true });
    const failure = await failureOf(
      acceptUnchanged(cancelCheckoutButtonComponent, manager, parameters(), { isCanceled: true }),
    );
    expect(failure).toMatchObject({ errorCode: 'BAD_REQUEST', httpStatus: 400, fields: ['isCanceled'] });
  });
});
