/**
 * The built-in Tax provider: `TaxRate`s by the delivery address of each line.
 *
 * For a line delivered to country C, state S: the active rates of (C, S) apply if there are
 * any, else the active country-wide rates of C (State empty). Every rate of the winning level
 * applies, each as its own tax (e.g. a state rate and a district rate). Countries and states
 * match in any letter case. Each tax is Rate % of the line's amount after discounts, rounded
 * half away from zero to the cent. A line with no matching rate is not taxed (Info message).
 */
import type { Kysely } from 'kysely';
import { percentOfMinor } from '../../domain/money.js';
import type { Database } from '../../records/registry.js';
import type { ProviderMessage } from '../provider-result.js';
import type { LineTax, TaxProvider } from './tax-provider.js';

type RateRow = { name: string; country: string; state: string | null; rate: number };

const keyOf = (country: string, state: string | null) => `${country.toUpperCase()}|${state?.toUpperCase() ?? ''}`;

export function builtInTax(db: Kysely<Database>): TaxProvider {
  return {
    async calculateTaxes({ lines }) {
      const rates = await db
        .selectFrom('tax_rate')
        .select(['name', 'country', 'state', 'rate'])
        .where('is_active', '=', 1)
        .orderBy('name')
        .execute();
      const byPlace = new Map<string, RateRow[]>();
      for (const rate of rates) {
        const key = keyOf(rate.country, rate.state === '' ? null : rate.state);
        byPlace.set(key, [...(byPlace.get(key) ?? []), rate]);
      }
      const taxes: LineTax[] = [];
      const messages: ProviderMessage[] = [];
      const untaxedPlaces = new Set<string>();
      for (const line of lines) {
        const { country, state } = line.deliverTo;
        const applicable =
          country === null
            ? []
            : ((state === null ? undefined : byPlace.get(keyOf(country, state))) ??
              byPlace.get(keyOf(country, null)) ??
              []);
        if (applicable.length === 0) untaxedPlaces.add(`${country ?? '?'}${state === null ? '' : `/${state}`}`);
        for (const rate of applicable) {
          taxes.push({
            cartItemId: line.cartItemId,
            name: rate.name,
            amountMinor: percentOfMinor(line.taxableAmountMinor, rate.rate),
            ratePercent: rate.rate,
            taxType: 'Actual',
          });
        }
      }
      for (const place of untaxedPlaces) messages.push({ level: 'Info', message: `No tax rate for ${place}` });
      return { status: 'SUCCESS', taxes, messages };
    },
  };
}
