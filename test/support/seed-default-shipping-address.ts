/**
 * Gives a buyer's account one default Shipping address, so the checkout flow's address screen
 * (`forceCommunity:commerceDelivery`) has an address on file to pick.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../src/records/registry.js';
import { seedPaymentSetup, type AddressSeed } from '../../src/seed/seed-payment-setup.js';

export const defaultShippingAddress: AddressSeed = {
  type: 'Shipping',
  name: 'Main warehouse',
  street: '400 Howard St',
  city: 'San Francisco',
  state: 'CA',
  postalCode: '94105',
  country: 'US',
  isDefault: true,
};

/** The new ContactPointAddress's id. */
export async function seedDefaultShippingAddress(db: Kysely<Database>, accountId: string): Promise<string> {
  const { addressIds } = await seedPaymentSetup(db, accountId, { addresses: [defaultShippingAddress], cards: [] });
  return addressIds[0]!;
}
