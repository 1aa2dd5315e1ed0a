/** The demo store: its products, buyers, delivery methods, tax rates and promotions. */
import type { CheckoutSetupSeed } from '../seed/seed-checkout-setup.js';
import type { PaymentSetupSeed } from '../seed/seed-payment-setup.js';

export const demoStoreSeed = {
  name: 'Northwind Industrial Supply',
  buyerAccounts: ['Acme Manufacturing', 'Globex Logistics'],
  products: [
    { name: 'Hex Bolt M8 (box of 100)', sku: 'BOLT-M8-100', price: '12.40', stock: 500 },
    { name: 'Safety Gloves (pair)', sku: 'GLOVE-L', price: '3.75', stock: 240 },
    { name: 'Cordless Drill 18V', sku: 'DRILL-18V', price: '129.00', stock: 12 },
  ],
} as const;

export const demoCheckoutSetup: CheckoutSetupSeed = {
  deliveryMethods: [
    { name: 'Ground (3-5 business days)', fee: '15.00', carrier: 'UPS', referenceNumber: 'GROUND' },
    { name: 'Next Day Air', fee: '42.50', carrier: 'UPS', referenceNumber: 'NEXT-DAY' },
  ],
  taxRates: [
    { name: 'California sales tax', country: 'US', state: 'CA', rate: 7.25 },
    { name: 'California district tax', country: 'US', state: 'CA', rate: 1.375 },
    { name: 'US default sales tax', country: 'US', rate: 6 },
  ],
  promotions: [
    { name: 'Glove week: 15% off gloves', discountType: 'Percentage', target: 'Product', percent: 15, sku: 'GLOVE-L' },
    {
      name: 'Coupon SPRING10: 10.00 off',
      discountType: 'Amount',
      target: 'Cart',
      amount: '10.00',
      couponCode: 'SPRING10',
    },
  ],
};

/** Address books and test cards of the demo buyer accounts, in `buyerAccounts` order. */
export const demoPaymentSetups: readonly PaymentSetupSeed[] = [
  {
    addresses: [
      {
        type: 'Shipping',
        name: 'Acme main plant',
        street: '415 Mission St',
        city: 'San Francisco',
        state: 'CA',
        postalCode: '94105',
        country: 'US',
        isDefault: true,
        latitude: 37.7897,
        longitude: -122.3972,
      },
      {
        type: 'Shipping',
        name: 'Acme east warehouse',
        street: '200 Park Ave',
        city: 'New York',
        state: 'NY',
        postalCode: '10166',
        country: 'US',
      },
      {
        type: 'Billing',
        name: 'Acme accounts payable',
        street: '415 Mission St',
        city: 'San Francisco',
        state: 'CA',
        postalCode: '94105',
        country: 'US',
        isDefault: true,
      },
    ],
    cards: [
      {
        gatewayToken: 'tok_approve',
        nickName: 'Test card (approves)',
        cardType: 'Visa',
        cardLastFour: '4242',
        expiryMonth: 12,
        expiryYear: 2030,
      },
      {
        gatewayToken: 'tok_decline',
        nickName: 'Test card (declines)',
        cardType: 'MasterCard',
        cardLastFour: '0002',
        expiryMonth: 12,
        expiryYear: 2030,
      },
    ],
  },
  {
    addresses: [
      {
        type: 'Shipping',
        name: 'Globex depot',
        street: '1200 Congress Ave',
        city: 'Austin',
        state: 'TX',
        postalCode: '78701',
        country: 'US',
        isDefault: true,
      },
      {
        type: 'Billing',
        name: 'Globex finance',
        street: '1200 Congress Ave',
        city: 'Austin',
        state: 'TX',
        postalCode: '78701',
        country: 'US',
        isDefault: true,
      },
    ],
    cards: [
      {
        gatewayToken: 'tok_approve',
        nickName: 'Test card (approves)',
        cardType: 'Visa',
        cardLastFour: '4242',
        expiryMonth: 12,
        expiryYear: 2030,
      },
    ],
  },
];
