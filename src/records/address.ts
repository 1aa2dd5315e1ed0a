/** The compound address fields shared by accounts, carts and orders. */
import { geocodeAccuracies } from '../domain/vocabulary.js';
import { decimal, picklist, text } from './fields.js';

export const billingAddress = {
  billing_street: text('BillingStreet', 255),
  billing_city: text('BillingCity', 40),
  billing_state: text('BillingState', 80),
  billing_postal_code: text('BillingPostalCode', 20),
  billing_country: text('BillingCountry', 80),
} as const;

export const shippingAddress = {
  shipping_street: text('ShippingStreet', 255),
  shipping_city: text('ShippingCity', 40),
  shipping_state: text('ShippingState', 80),
  shipping_postal_code: text('ShippingPostalCode', 20),
  shipping_country: text('ShippingCountry', 80),
} as const;

export const deliverToAddress = {
  deliver_to_name: text('DeliverToName', 255),
  deliver_to_street: text('DeliverToStreet', 255),
  deliver_to_city: text('DeliverToCity', 40),
  deliver_to_state: text('DeliverToState', 80),
  deliver_to_postal_code: text('DeliverToPostalCode', 20),
  deliver_to_country: text('DeliverToCountry', 80),
} as const;

/** Where a cart's billing address lies (WebCart only: accounts and orders keep the plain address). */
export const billingGeolocation = {
  billing_geocode_accuracy: picklist('BillingGeocodeAccuracy', geocodeAccuracies),
  billing_latitude: decimal('BillingLatitude'),
  billing_longitude: decimal('BillingLongitude'),
} as const;

/** Where a delivery group's address lies. */
export const deliverToGeolocation = {
  deliver_to_geocode_accuracy: picklist('DeliverToGeocodeAccuracy', geocodeAccuracies),
  deliver_to_latitude: decimal('DeliverToLatitude'),
  deliver_to_longitude: decimal('DeliverToLongitude'),
} as const;
