/** An account's address book: the shipping and billing addresses a buyer picks at checkout. */
import { addressTypes, geocodeAccuracies } from '../../domain/vocabulary.js';
import { defineObject } from '../object.js';
import { decimal, flag, picklist, reference, text } from '../fields.js';

export const contactPointAddress = defineObject({
  name: 'ContactPointAddress',
  label: 'Contact Point Address',
  keyPrefix: '8lW',
  table: 'contact_point_address',
  fields: {
    parent_id: reference('ParentId', 'Account', { required: true, createOnly: true }),
    address_type: picklist('AddressType', addressTypes, { required: true }),
    /** At most one default address per account and type (a unique index). */
    is_default: flag('IsDefault'),
    name: text('Name', 255, { required: true }),
    street: text('Street', 255),
    city: text('City', 40),
    state: text('State', 80),
    postal_code: text('PostalCode', 20),
    country: text('Country', 80),
    geocode_accuracy: picklist('GeocodeAccuracy', geocodeAccuracies),
    latitude: decimal('Latitude'),
    longitude: decimal('Longitude'),
  },
  indexes: [
    { columns: ['parent_id'] },
    { columns: ['parent_id', 'address_type'], unique: true, where: 'is_default = 1' },
  ],
});
