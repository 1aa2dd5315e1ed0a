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
import type { Kysely } from 'kysely';
import type { Database } from '../../records/registry.js';
import type { LinePrice, PriceProvider } from './price-provider.js';

interface RankedBook {
  readonly pricebookId: string;
  /** 0: a buyer group's book; 1: a store book. */
  readonly tier: number;
  readonly priority: number;
}

async function booksFor(db: Kysely<Database>, storeId: string, accountId: string): Promise<RankedBook[]> {
  const groupBooks = await db
    .selectFrom('buyer_group_pricebook as bgp')
    .innerJoin('buyer_group_member as member', 'member.buyer_group_id', 'bgp.buyer_group_id')
    .innerJoin('web_store_buyer_group as link', 'link.buyer_group_id', 'bgp.buyer_group_id')
    .innerJoin('pricebook as book', 'book.id', 'bgp.pricebook2_id')
    .select(['bgp.pricebook2_id as pricebookId', 'bgp.priority as priority'])
    .where('member.buyer_id', '=', accountId)
    .where('link.web_store_id', '=', storeId)
    .where('bgp.is_active', '=', 1)
    .where('book.is_active', '=', 1)
    .execute();
  const storeBooks = await db
    .selectFrom('web_store_pricebook as wsp')
    .innerJoin('pricebook as book', 'book.id', 'wsp.pricebook2_id')
    .select('wsp.pricebook2_id as pricebookId')
    .where('wsp.web_store_id', '=', storeId)
    .where('wsp.is_active', '=', 1)
    .where('book.is_active', '=', 1)
    .execute();
  return [
    ...groupBooks.map((book) => ({ ...book, tier: 0 })),
    ...storeBooks.map((book) => ({ ...book, tier: 1, priority: 0 })),
  ];
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
      const books = await booksFor(db, storeId, accountId);
      if (productIds.length === 0 || books.length === 0) return { status: 'SUCCESS', prices: [] };
      const rankOf = new Map<string, RankedBook>();
      for (const book of books) {
        const known = rankOf.get(book.pricebookId);
        // A book reachable several ways ranks by its best way.
        if (known === undefined || isBetter({ ...book, price: 0 }, { ...known, price: 0 })) {
          rankOf.set(book.pricebookId, book);
        }
      }
      const entries = await db
        .selectFrom('pricebook_entry')
        .select(['pricebook2_id', 'product2_id', 'unit_price'])
        .where('is_active', '=', 1)
        .where('pricebook2_id', 'in', [...rankOf.keys()])
        .where('product2_id', 'in', productIds)
        .execute();
      const best = new Map<string, { tier: number; priority: number; price: number }>();
      const listPrice = new Map<string, number>();
      for (const entry of entries) {
        const rank = rankOf.get(entry.pricebook2_id)!;
        const candidate = { tier: rank.tier, priority: rank.priority, price: entry.unit_price };
        const current = best.get(entry.product2_id);
        if (current === undefined || isBetter(candidate, current)) best.set(entry.product2_id, candidate);
        if (rank.tier === 1) {
          const list = listPrice.get(entry.product2_id);
          if (list === undefined || entry.unit_price < list) listPrice.set(entry.product2_id, entry.unit_price);
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
