/**
 * The buyer's carts and the cart page. Every change goes through the sObject API's write path
 * (http/write-record.ts) as the signed-in buyer — the same checks, field rules, cart rules
 * (a change to what a cart in Checkout buys cancels the checkout) and recomputed totals as a
 * REST call. A form posts only the fields the page offers (a quantity, a coupon code); the
 * handler reads nothing else, and the write path would refuse a price from a buyer anyway.
 * A record of another cart or account is "not found", whatever the URL says.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Engine } from '../engine.js';
import { notFound } from '../http/api-error.js';
import { toApiError } from '../http/render-error.js';
import { createRecord, deleteRecord, updateRecord } from '../http/write-record.js';
import { objects } from '../records/registry.js';
import { renderCartList, renderCartPage, type CartView } from './cart-views.js';
import { queryAs, queryOneAs, soqlText } from './query-as.js';
import { renderPage } from './page-layout.js';
import { sendPage } from './register-web.js';
import { formOf, requireUser } from './web-request.js';
import type { WebUser } from './web-session.js';

type CartParams = { Params: { cartId: string } };
type ItemParams = { Params: { cartId: string; itemId: string } };
type CouponParams = { Params: { cartId: string; couponId: string } };

export async function loadCartView(engine: Engine, user: WebUser, cartId: string): Promise<CartView> {
  const { store } = engine;
  const id = soqlText(cartId);
  const cart = await queryOneAs(
    store,
    user.caller,
    `SELECT Id, Name, Status, CurrencyIsoCode, PoNumber, TotalProductAmount, TotalAdjustmentAmount, TotalChargeAmount,
       TotalTaxAmount, GrandTotalAmount, TotalProductCount FROM WebCart WHERE Id = ${id}`,
  );
  if (cart === null) throw notFound('No such cart');
  const [items, coupons, outputs, sessions] = await Promise.all([
    queryAs(
      store,
      user.caller,
      `SELECT Id, Name, Sku, Type, Quantity, SalesPrice, TotalLineAmount, TotalAdjustmentAmount, TotalPrice, TotalTaxAmount
         FROM CartItem WHERE CartId = ${id} ORDER BY Type DESC, Name`,
    ),
    queryAs(store, user.caller, `SELECT Id, CouponCode FROM CartCoupon WHERE WebCartId = ${id} ORDER BY CouponCode`),
    queryAs(
      store,
      user.caller,
      `SELECT Id, Level, Type, Message, RelatedEntityId FROM CartValidationOutput WHERE CartId = ${id} ORDER BY Level`,
    ),
    queryAs(
      store,
      user.caller,
      `SELECT Id, State, IsProcessing, IsError FROM CartCheckoutSession WHERE WebCartId = ${id} AND IsArchived = false`,
    ),
  ]);
  return { cart, items, coupons, outputs, session: sessions[0] ?? null };
}

async function showCart(request: FastifyRequest, reply: FastifyReply, engine: Engine, cartId: string, error?: string) {
  const user = requireUser(request);
  const view = await loadCartView(engine, user, cartId);
  const title = `Cart: ${String(view.cart.Name)}`;
  return sendPage(
    reply,
    renderPage({ title, user, body: renderCartPage(view, user, error) }),
    error === undefined ? 200 : 400,
  );
}

/**
 * Runs a write; a refusal the buyer can act on (bad quantity, unknown coupon, cart not
 * editable) is shown on the cart page, anything else goes to the error page.
 */
async function writeThen(
  request: FastifyRequest,
  reply: FastifyReply,
  engine: Engine,
  cartId: string,
  write: () => Promise<unknown>,
) {
  try {
    await write();
  } catch (error) {
    const known = toApiError(error);
    if (known === null || known.httpStatus >= 500 || known.errorCode === 'NOT_FOUND') throw error;
    return showCart(request, reply, engine, cartId, known.message);
  }
  return reply.redirect(`/carts/${encodeURIComponent(cartId)}`, 303);
}

/** The record, if it is visible to the buyer and belongs to this cart; else NOT_FOUND. */
async function assertInCart(
  engine: Engine,
  user: WebUser,
  object: 'CartItem' | 'CartCoupon',
  id: string,
  cartId: string,
) {
  const cartField = object === 'CartItem' ? 'CartId' : 'WebCartId';
  const row = await queryOneAs(
    engine.store,
    user.caller,
    `SELECT Id FROM ${object} WHERE Id = ${soqlText(id)} AND ${cartField} = ${soqlText(cartId)}`,
  );
  if (row === null) throw notFound();
}

export function registerCartPages(app: FastifyInstance, engine: Engine): void {
  const { store, providerSettings } = engine;

  app.get('/', async (request, reply) => {
    const user = requireUser(request);
    if (user.caller.accountId === null) return reply.redirect('/console', 303);
    const carts = await queryAs(
      store,
      user.caller,
      'SELECT Id, Name, Status, CurrencyIsoCode, GrandTotalAmount, TotalProductCount, LastModifiedDate FROM WebCart ' +
        'ORDER BY LastModifiedDate DESC LIMIT 100',
    );
    return sendPage(reply, renderPage({ title: 'My carts', user, body: renderCartList(carts) }));
  });

  app.get<CartParams>('/carts/:cartId', (request, reply) => showCart(request, reply, engine, request.params.cartId));

  app.post<ItemParams>('/carts/:cartId/items/:itemId', async (request, reply) => {
    const user = requireUser(request);
    const { cartId, itemId } = request.params;
    await assertInCart(engine, user, 'CartItem', itemId, cartId);
    const quantity = (formOf(request).quantity ?? '').trim();
    return writeThen(request, reply, engine, cartId, () =>
      updateRecord(store, user.caller, objects.cartItem, itemId, { Quantity: quantity }, providerSettings),
    );
  });

  app.post<ItemParams>('/carts/:cartId/items/:itemId/remove', async (request, reply) => {
    const user = requireUser(request);
    const { cartId, itemId } = request.params;
    await assertInCart(engine, user, 'CartItem', itemId, cartId);
    return writeThen(request, reply, engine, cartId, () => deleteRecord(store, user.caller, objects.cartItem, itemId));
  });

  app.post<CartParams>('/carts/:cartId/coupons', async (request, reply) => {
    const user = requireUser(request);
    const { cartId } = request.params;
    await loadCartView(engine, user, cartId);
    const code = (formOf(request).couponCode ?? '').trim();
    return writeThen(request, reply, engine, cartId, () =>
      createRecord(store, user.caller, objects.cartCoupon, { WebCartId: cartId, CouponCode: code }, providerSettings),
    );
  });

  app.post<CouponParams>('/carts/:cartId/coupons/:couponId/remove', async (request, reply) => {
    const user = requireUser(request);
    const { cartId, couponId } = request.params;
    await assertInCart(engine, user, 'CartCoupon', couponId, cartId);
    return writeThen(request, reply, engine, cartId, () =>
      deleteRecord(store, user.caller, objects.cartCoupon, couponId),
    );
  });
}
