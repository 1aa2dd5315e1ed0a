/** The checkout flow of a cart's store (WebStore.CheckoutFlowApiName), or the built-in one. */
import type { Engine } from '../engine.js';
import { builtInCheckoutFlowApiName } from '../flows/provided-flow-files.js';

export async function checkoutFlowOfCart(engine: Engine, cartId: string): Promise<string> {
  const row = await engine.store.db
    .selectFrom('web_cart')
    .innerJoin('web_store', 'web_store.id', 'web_cart.web_store_id')
    .select('web_store.checkout_flow_api_name as flowApiName')
    .where('web_cart.id', '=', cartId)
    .executeTakeFirst();
  const name = row?.flowApiName;
  return typeof name === 'string' && name !== '' ? name : builtInCheckoutFlowApiName;
}
