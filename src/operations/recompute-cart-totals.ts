/**
 * Recomputes a cart's derived amounts inside the caller's transaction, after any step that
 * changed prices, adjustments, taxes or charges: each line's TotalAdjustmentAmount and
 * TotalTaxAmount from its adjustment and tax rows, its TotalPrice, then the cart's totals
 * (src/domain/cart-totals.ts). Deriving from the rows, never adding deltas, keeps a re-run
 * step from counting anything twice. Every amount is range-checked on the way
 * (NUMBER_OUTSIDE_VALID_RANGE: a 400 for a write, a failed step inside a step).
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { cartTotalsOf } from '../domain/cart-totals.js';
import { checkedMinor } from '../domain/money.js';
import type { Database } from '../records/registry.js';
import { nowIso } from '../store/clock.js';
import { prepareQuery, touchedBy } from '../store/prepared-query.js';

type LineAmounts = Pick<
  Selectable<Database['cart_item']>,
  'type' | 'quantity' | 'total_line_amount' | 'total_adjustment_amount' | 'total_tax_amount'
>;

type Audit = { cartId: string; now: string; actorId: string };

// Each line's sums and its TotalPrice in one statement (a line without an amount keeps its
// TotalPrice; every line of the cart is stamped), returning every line's amounts as written.
const lineTotals = prepareQuery<Audit, LineAmounts>(
  (_db, value) => sql<LineAmounts>`
    with sums as (
      select cart_item.id as id,
        coalesce((select sum(a.total_amount) from cart_item_price_adjustment a where a.cart_item_id = cart_item.id), 0)
          as adjustment,
        coalesce((select sum(t.amount) from cart_tax t where t.cart_item_id = cart_item.id), 0) as tax
      from cart_item where cart_item.cart_id = ${value('cartId')})
    update cart_item set
      total_adjustment_amount = sums.adjustment,
      total_tax_amount = sums.tax,
      total_price = case when cart_item.total_line_amount is null then cart_item.total_price
        else cart_item.total_line_amount + sums.adjustment end,
      last_modified_date = ${value('now')}, last_modified_by_id = ${value('actorId')}, system_modstamp = ${value('now')}
    from sums
    where cart_item.id = sums.id
    returning cart_item.type, cart_item.quantity, cart_item.total_line_amount, cart_item.total_adjustment_amount,
      cart_item.total_tax_amount`,
);

type TotalsValues = Audit & {
  totalProductAmount: number;
  totalChargeAmount: number;
  totalAdjustmentAmount: number;
  totalTaxAmount: number;
  grandTotalAmount: number;
  totalProductCount: number;
};

/**
 * What the totals write also records of the cart's step results (src/store/cart-results.ts),
 * so that the step writes them in the same statement: `taxRevision` null when the change voids
 * the taxes, the revision taxes were computed against after the Tax step; `shippingRevision`
 * after the Shipment step. Left out, a result keeps its value.
 */
export interface CartResultsWrite {
  readonly taxRevision?: number | null;
  readonly shippingRevision?: number;
}

type ResultsValues = TotalsValues & { taxRevision: number | null; shippingRevision: number };

const totalsColumns = (value: <K extends keyof ResultsValues>(name: K) => ResultsValues[K]) => ({
  total_product_amount: value('totalProductAmount'),
  total_charge_amount: value('totalChargeAmount'),
  total_adjustment_amount: value('totalAdjustmentAmount'),
  total_tax_amount: value('totalTaxAmount'),
  grand_total_amount: value('grandTotalAmount'),
  total_product_count: value('totalProductCount'),
  ...touchedBy(value),
});

/** One shape for each set of result columns written with the totals. */
const cartTotals = {
  totals: prepareQuery<ResultsValues, never>((db, value) =>
    db.updateTable('web_cart').set(totalsColumns(value)).where('id', '=', value('cartId')),
  ),
  tax: prepareQuery<ResultsValues, never>((db, value) =>
    db
      .updateTable('web_cart')
      .set({ ...totalsColumns(value), tax_revision: value('taxRevision') })
      .where('id', '=', value('cartId')),
  ),
  shippingAndTax: prepareQuery<ResultsValues, never>((db, value) =>
    db
      .updateTable('web_cart')
      .set({
        ...totalsColumns(value),
        tax_revision: value('taxRevision'),
        shipping_revision: value('shippingRevision'),
      })
      .where('id', '=', value('cartId')),
  ),
};

function totalsShape(results: CartResultsWrite): keyof typeof cartTotals {
  if (results.shippingRevision !== undefined) return 'shippingAndTax';
  return results.taxRevision === undefined ? 'totals' : 'tax';
}

export async function recomputeCartTotals(
  trx: Kysely<Database>,
  cartId: string,
  actorId: string,
  results: CartResultsWrite = {},
): Promise<void> {
  const now = nowIso();
  // Each line's sums and its TotalPrice in one statement (a line without an amount keeps its
  // TotalPrice; every line of the cart is stamped), returning every line's amounts as written.
  const { rows: lines } = await lineTotals.execute(trx, { cartId, now, actorId });
  const totals = cartTotalsOf(
    lines.map((line) => ({
      type: line.type,
      quantity: line.quantity,
      totalLineAmount: line.total_line_amount,
      totalAdjustmentAmount: checkedMinor(BigInt(line.total_adjustment_amount), "A cart item's TotalAdjustmentAmount"),
      totalTaxAmount: checkedMinor(BigInt(line.total_tax_amount), "A cart item's TotalTaxAmount"),
    })),
  );
  await cartTotals[totalsShape(results)].execute(trx, {
    cartId,
    totalProductAmount: totals.totalProductAmount,
    totalChargeAmount: totals.totalChargeAmount,
    totalAdjustmentAmount: totals.totalAdjustmentAmount,
    totalTaxAmount: totals.totalTaxAmount,
    grandTotalAmount: totals.grandTotalAmount,
    totalProductCount: totals.totalProductCount,
    taxRevision: results.taxRevision ?? null,
    shippingRevision: results.shippingRevision ?? 0,
    now,
    actorId,
  });
}
