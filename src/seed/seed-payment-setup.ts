/** Address books and saved test cards for seeded buyer accounts (demo store, tests). */
import type { Kysely } from 'kysely';
import { systemUserId } from '../access/permission-sets.js';
import type { AddressType } from '../domain/vocabulary.js';
import type { Database } from '../records/registry.js';
import { insertRecords } from '../store/insert-record.js';

export interface AddressSeed {
  readonly type: AddressType;
  readonly name: string;
  readonly street: string;
  readonly city: string;
  readonly state?: string;
  readonly postalCode: string;
  readonly country: string;
  readonly isDefault?: boolean;
  readonly latitude?: number;
  readonly longitude?: number;
}

export interface CardSeed {
  /** A gateway token: with the built-in test gateway, `tok_approve`, `tok_decline` or `tok_timeout`. */
  readonly gatewayToken: string;
  readonly nickName: string;
  readonly cardType: 'Visa' | 'MasterCard';
  readonly cardLastFour: string;
  readonly expiryMonth: number;
  readonly expiryYear: number;
}

export interface PaymentSetupSeed {
  readonly addresses: readonly AddressSeed[];
  readonly cards: readonly CardSeed[];
}

/** Gives `accountId` the seed's addresses and cards; returns their ids in seed order. */
export async function seedPaymentSetup(
  db: Kysely<Database>,
  accountId: string,
  seed: PaymentSetupSeed,
): Promise<{ addressIds: string[]; cardIds: string[] }> {
  const addressIds = await insertRecords(
    db,
    'contactPointAddress',
    seed.addresses.map((address) => ({
      parent_id: accountId,
      address_type: address.type,
      is_default: address.isDefault === true ? 1 : 0,
      name: address.name,
      street: address.street,
      city: address.city,
      state: address.state ?? null,
      postal_code: address.postalCode,
      country: address.country,
      geocode_accuracy: address.latitude === undefined ? null : 'Address',
      latitude: address.latitude ?? null,
      longitude: address.longitude ?? null,
    })),
    systemUserId,
  );
  const cardIds = await insertRecords(
    db,
    'cardPaymentMethod',
    seed.cards.map((card) => ({
      account_id: accountId,
      gateway_token: card.gatewayToken,
      nick_name: card.nickName,
      card_type: card.cardType,
      card_last_four: card.cardLastFour,
      display_card_number: `****${card.cardLastFour}`,
      expiry_month: card.expiryMonth,
      expiry_year: card.expiryYear,
    })),
    systemUserId,
  );
  return { addressIds, cardIds };
}
