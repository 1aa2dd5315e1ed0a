/**
 * `forceCommunity:commerceDelivery`: the shipping address screen.
 *
 * Shows (`inputs`): the cart id, `readonly`, `showShippingInstructions`, the Shipping
 * addresses of the cart's account (`addresses`, the default first), the address the cart is
 * delivered to now (`deliverTo`) and its shipping instructions.
 * Accepts: `contactPointAddressId` (one of the account's addresses) or `newAddress`
 * (`name`, `street`, `city`, `postalCode`, `country` required; `state`, `geocodeAccuracy`,
 * `latitude`, `longitude` optional; saved to the account's address book), and
 * `shippingInstructions` when the screen shows them. In one transaction it writes the address
 * onto every delivery group of the cart and voids its shipping and taxes; the checkout goes on
 * (SPEC.md section 3 rule 6). Outputs `contactPointAddressId` and `shippingInstructions`, as
 * the standard flows expect. A read-only screen accepts nothing and changes nothing.
 * Refusals are 400 naming the field; nothing is stored.
 */
import { z } from 'zod';
import { geocodeAccuracies } from '../../domain/vocabulary.js';
import { objects, parseIdOf } from '../../records/registry.js';
import { setCartDeliverTo } from '../../store/cart-delivery-address.js';
import {
  addressesOf,
  addressOfAccount,
  insertAddress,
  postalAddressOf,
  type ContactPointAddressRow,
  type PostalAddress,
} from '../../store/contact-point-addresses.js';
import type { ScreenComponentAdapter } from '../screen-component.js';
import { componentCart, invalidValue, isParameterSet } from './component-cart.js';

const requiredText = (max: number) =>
  z.string().trim().min(1, 'is required').max(max, `is longer than ${max} characters`);

const newAddressSchema = z.strictObject({
  name: requiredText(255),
  street: requiredText(255),
  city: requiredText(40),
  state: z.string().trim().max(80).nullish(),
  postalCode: requiredText(20),
  country: requiredText(80),
  geocodeAccuracy: z.enum(geocodeAccuracies).nullish(),
  latitude: z.number().min(-90).max(90).nullish(),
  longitude: z.number().min(-180).max(180).nullish(),
});

const submittedSchema = z.strictObject({
  contactPointAddressId: z.string().nullish(),
  newAddress: z.unknown().optional(),
  shippingInstructions: z.string().max(3000, 'is longer than 3000 characters').nullish(),
});

function addressView(row: ContactPointAddressRow) {
  return {
    id: row.id,
    name: row.name,
    street: row.street,
    city: row.city,
    state: row.state,
    postalCode: row.postal_code,
    country: row.country,
    geocodeAccuracy: row.geocode_accuracy,
    latitude: row.latitude,
    longitude: row.longitude,
    isDefault: row.is_default === 1,
  };
}

function parseNewAddress(value: unknown): PostalAddress {
  const parsed = newAddressSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    throw invalidValue(
      `newAddress${path === '' ? '' : `.${path}`}`,
      `newAddress${path === '' ? '' : `.${path}`} ${issue?.message ?? 'is invalid'}`,
    );
  }
  const address = parsed.data;
  return {
    name: address.name,
    street: address.street,
    city: address.city,
    state: address.state ?? null,
    postalCode: address.postalCode,
    country: address.country,
    geocodeAccuracy: address.geocodeAccuracy ?? null,
    latitude: address.latitude ?? null,
    longitude: address.longitude ?? null,
  };
}

export const deliveryAddressComponent: ScreenComponentAdapter = {
  extensionName: 'forceCommunity:commerceDelivery',
  inputParameters: ['cartId', 'readonly', 'showShippingInstructions'],
  outputParameters: ['contactPointAddressId', 'shippingInstructions'],

  async view(context, parameters) {
    const cart = await componentCart(context, parameters, 'read');
    const { db } = context.store;
    const group = await db
      .selectFrom('cart_delivery_group')
      .selectAll()
      .where('cart_id', '=', cart.id)
      .orderBy('id')
      .executeTakeFirst();
    return {
      cartId: cart.id,
      readonly: isParameterSet(parameters, 'readonly'),
      showShippingInstructions: isParameterSet(parameters, 'showShippingInstructions'),
      addresses: (await addressesOf(db, cart.account_id, 'Shipping')).map(addressView),
      deliverTo:
        group === undefined
          ? null
          : {
              name: group.deliver_to_name,
              street: group.deliver_to_street,
              city: group.deliver_to_city,
              state: group.deliver_to_state,
              postalCode: group.deliver_to_postal_code,
              country: group.deliver_to_country,
              geocodeAccuracy: group.deliver_to_geocode_accuracy,
              latitude: group.deliver_to_latitude,
              longitude: group.deliver_to_longitude,
            },
      shippingInstructions: group?.shipping_instructions ?? null,
    };
  },

  async accept(context, parameters, submitted) {
    const parsed = submittedSchema.safeParse(submitted);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue?.path[0] ?? (issue?.code === 'unrecognized_keys' ? issue.keys[0] : 'fields'));
      throw invalidValue(field, `${field} ${issue?.message ?? 'is invalid'}`);
    }
    const { contactPointAddressId, newAddress, shippingInstructions } = parsed.data;
    const isReadonly = isParameterSet(parameters, 'readonly');
    const cart = await componentCart(context, parameters, isReadonly ? 'read' : 'edit');
    if (isReadonly) return { contactPointAddressId: contactPointAddressId ?? null, shippingInstructions: null };
    const hasChosen = contactPointAddressId != null && contactPointAddressId !== '';
    const hasNew = newAddress !== undefined && newAddress !== null;
    if (hasChosen === hasNew) {
      throw invalidValue(
        'contactPointAddressId',
        'Choose one of the addresses (contactPointAddressId) or enter a newAddress',
      );
    }
    const instructions = isParameterSet(parameters, 'showShippingInstructions')
      ? (shippingInstructions ?? null)
      : undefined;
    const newPostal = hasNew ? parseNewAddress(newAddress) : null;
    const { caller } = context;
    const chosenId = await context.store.transaction(async (trx) => {
      let address: PostalAddress;
      let addressId: string;
      if (newPostal !== null) {
        address = newPostal;
        addressId = await insertAddress(trx, cart.account_id, 'Shipping', newPostal, caller.userId);
      } else {
        const id = parseIdOf(objects.contactPointAddress, contactPointAddressId);
        const row = id === null ? undefined : await addressOfAccount(trx, cart.account_id, id);
        // Another account's address and no address are the same answer.
        if (row === undefined) throw invalidValue('contactPointAddressId', 'No such address of the account');
        address = postalAddressOf(row);
        addressId = row.id;
      }
      await setCartDeliverTo(
        trx,
        cart.id,
        { address, ...(instructions === undefined ? {} : { shippingInstructions: instructions }) },
        caller.userId,
      );
      return addressId;
    });
    return { contactPointAddressId: chosenId, shippingInstructions: instructions ?? null };
  },
};
