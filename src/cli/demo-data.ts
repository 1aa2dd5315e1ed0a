/** The demo store: its products, buyers, delivery methods, tax rates and promotions. */
import type { CheckoutSetupSeed } from '../seed/seed-checkout-setup.js';

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
