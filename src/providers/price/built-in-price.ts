/**
 * The built-in Price provider: the best `PricebookEntry` for the cart's account.
 *
 * Books are tried in this order, and the first that has an active entry for the product wins:
 * 1. books of the account's buyer groups that are linked to the store (`BuyerGroupPricebook`),
 *    by `Priority` — the lowest number first (priority 1 beats priority 2);
 * 2. the store's books (`WebStorePricebook`).
 * Among books of equal rank the lowest price wins. Inactive books, entries and links are
 * ignored. The list price is the store books' price (the price without negotiated pricing);
 * without one it equals the sales price.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../records/registry.js';
import type { LinePrice, PriceProvider } from './price-provider.js';

interface RankedBook {
  readonly pricebookId: string;
  /** 0: a buyer group's book; 1: a store book. */
  readonly tier: number;
  readonly priority: number;
}

interface RankedEntry extends RankedBook {
  readonly product2Id: string;
  readonly unitPrice: number;
}

/**
 * The active entries for the products in every book that applies, each row with one way its book
 * applies (tier and priority), in one statement: a book reachable several ways comes once per
 * way, so a caller ranks a book by its best way.
 */
async function entriesFor(
  db: Kysely<Database>,
  storeId: string,
  accountId: string,
  productIds: readonly string[],
): Promise<RankedEntry[]> {
  return db
    .with('ranked_book', (qb) =>
      qb
        .selectFrom('buyer_group_pricebook as bgp')
        .innerJoin('buyer_group_member as member', 'member.buyer_group_id', 'bgp.buyer_group_id')
        .innerJoin('web_store_buyer_group as link', 'link.buyer_group_id', 'bgp.buyer_group_id')
        .innerJoin('pricebook as book', 'book.id', 'bgp.pricebook2_id')
        .select(['bgp.pricebook2_id as pricebook_id', sql<number>`0`.as('tier'), 'bgp.priority as priority'])
        .where('member.buyer_id', '=', accountId)
        .where('link.web_store_id', '=', storeId)
        .where('bgp.is_active', '=', 1)
        .where('book.is_active', '=', 1)
        .unionAll(
          qb
            .selectFrom('web_store_pricebook as wsp')
            .innerJoin('pricebook as book', 'book.id', 'wsp.pricebook2_id')
            .select(['wsp.pricebook2_id as pricebook_id', sql<number>`1`.as('tier'), sql<number>`0`.as('priority')])
            .where('wsp.web_store_id', '=', storeId)
            .where('wsp.is_active', '=', 1)
            .where('book.is_active', '=', 1),
        ),
    )
    .selectFrom('pricebook_entry as entry')
    .innerJoin('ranked_book', 'ranked_book.pricebook_id', 'entry.pricebook2_id')
    .select([
      'entry.pricebook2_id as pricebookId',
      'entry.product2_id as product2Id',
      'entry.unit_price as unitPrice',
      'ranked_book.tier as tier',
      'ranked_book.priority as priority',
    ])
    .where('entry.is_active', '=', 1)
    .where('entry.product2_id', 'in', productIds)
    .execute();
}

function isBetter(a: { tier: number; priority: number; price: number }, b: typeof a): boolean {
  if (a.tier !== b.tier) return a.tier < b.tier;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.price < b.price;
}

export function builtInPrice(db: Kysely<Database>): PriceProvider {
  return {
    async priceLines({ storeId, accountId, lines }) {
      const productIds = [...new Set(lines.map((line) => line.product2Id))];
      if (productIds.length === 0) return { status: 'SUCCESS', prices: [] };
      const entries = await entriesFor(db, storeId, accountId, productIds);
      const rankOf = new Map<string, RankedBook>();
      for (const book of entries) {
        const known = rankOf.get(book.pricebookId);
        // A book reachable several ways ranks by its best way.
        if (known === undefined || isBetter({ ...book, price: 0 }, { ...known, price: 0 })) {
          rankOf.set(book.pricebookId, book);
        }
      }
      const best = new Map<string, { tier: number; priority: number; price: number }>();
      const listPrice = new Map<string, number>();
      for (const entry of entries) {
        // Every row of a book carries its book's best rank, so repeated rows change nothing.
        const rank = rankOf.get(entry.pricebookId)!;
        const candidate = { tier: rank.tier, priority: rank.priority, price: entry.unitPrice };
        const current = best.get(entry.product2Id);
        if (current === undefined || isBetter(candidate, current)) best.set(entry.product2Id, candidate);
        if (rank.tier === 1) {
          const list = listPrice.get(entry.product2Id);
          if (list === undefined || entry.unitPrice < list) listPrice.set(entry.product2Id, entry.unitPrice);
        }
      }
      const prices: LinePrice[] = [];
      for (const line of lines) {
        const found = best.get(line.product2Id);
        if (found === undefined) continue;
        prices.push({
          cartItemId: line.cartItemId,
          salesPriceMinor: found.price,
          listPriceMinor: listPrice.get(line.product2Id) ?? found.price,
        });
      }
      return { status: 'SUCCESS', prices };
    },
  };
}
