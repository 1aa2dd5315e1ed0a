/** Callers that each fail one of the common checks of SPEC.md section 4 on the first buyer's carts. */
import { assignPermissionSet, systemUserId } from '../../src/access/permission-sets.js';
import type { Engine } from '../../src/engine.js';
import { enqueueOperation } from '../../src/operations/enqueue-operation.js';
import { createCart } from '../../src/seed/create-cart.js';
import { seedBuyer } from '../../src/seed/seed-store.js';
import { insertRecord } from '../../src/store/insert-record.js';
import type { TestEngine } from './test-engine.js';

export interface Actors {
  /** A user of the first buyer's account without any checkout permission. */
  readonly noPermissionUserId: string;
  /** A buyer of the first buyer's account who doesn't own its carts. */
  readonly coBuyerUserId: string;
  /** The second seeded buyer: another account. */
  readonly otherAccountUserId: string;
  /** A buyer whose account isn't a member of the store, and its cart there. */
  readonly outsiderUserId: string;
  readonly outsiderCartId: string;
}

export async function seedActors(test: TestEngine): Promise<Actors> {
  const db = test.engine.store.db;
  const buyer = test.store.buyers[0]!;
  const addUser = async (username: string) => {
    const contactId = await insertRecord(
      db,
      'contact',
      { last_name: username, account_id: buyer.accountId },
      systemUserId,
    );
    return insertRecord(db, 'user', { username, last_name: username, contact_id: contactId }, systemUserId);
  };
  const noPermissionUserId = await addUser('nobody@acme.example');
  const coBuyerUserId = await addUser('colleague@acme.example');
  await assignPermissionSet(db, coBuyerUserId, 'B2BBuyer');
  const outsider = await seedBuyer(db, 'Outsider Ltd', null);
  const { cartId: outsiderCartId } = await createCart(db, test.store.storeId, outsider, [
    { product: test.store.products[0]!, quantity: 1 },
  ]);
  await db.updateTable('web_cart').set({ status: 'Checkout' }).where('id', '=', outsiderCartId).execute();
  return {
    noPermissionUserId,
    coBuyerUserId,
    otherAccountUserId: test.store.buyers[1]!.userId,
    outsiderUserId: outsider.userId,
    outsiderCartId,
  };
}

/** A live operation on the cart that no worker takes for an hour: the cart is "in process". */
export async function holdCartInProcess(engine: Engine, cartId: string): Promise<string> {
  return enqueueOperation(
    engine.store.db,
    { type: 'CalculateTaxes', cartId, sessionId: null, runAfterMs: Date.now() + 3_600_000 },
    systemUserId,
  );
}

/** Everything an action could change about a cart, to assert that a refused call changed nothing. */
export async function cartSnapshot(engine: Engine, cartId: string): Promise<unknown> {
  const db = engine.store.db;
  return {
    cart: await db.selectFrom('web_cart').selectAll().where('id', '=', cartId).execute(),
    items: await db.selectFrom('cart_item').selectAll().where('cart_id', '=', cartId).orderBy('id').execute(),
    groups: await db.selectFrom('cart_delivery_group').selectAll().where('cart_id', '=', cartId).execute(),
    sessions: await db.selectFrom('cart_checkout_session').selectAll().where('web_cart_id', '=', cartId).execute(),
    operations: await db.selectFrom('background_operation').selectAll().orderBy('id').execute(),
    outputs: await db.selectFrom('cart_validation_output').selectAll().orderBy('id').execute(),
  };
}
