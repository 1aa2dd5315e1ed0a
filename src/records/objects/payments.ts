/** How a cart is paid for (SPEC.md section 9): saved cards as gateway tokens, and authorizations. */
import { cardPaymentMethodStatuses, cardTypes, paymentAuthorizationStatuses } from '../../domain/vocabulary.js';
import { defineObject } from '../object.js';
import { currency, integer, picklist, reference, text, textArea } from '../fields.js';

export const cardPaymentMethod = defineObject({
  name: 'CardPaymentMethod',
  label: 'Card Payment Method',
  keyPrefix: '03O',
  table: 'card_payment_method',
  fields: {
    account_id: reference('AccountId', 'Account', { required: true, createOnly: true }),
    /** The gateway's token for the card: never a card number. Buyers write it, never read it back. */
    gateway_token: text('GatewayToken', 255, { required: true, createOnly: true }),
    nick_name: text('NickName', 255),
    card_type: picklist('CardType', cardTypes),
    card_holder_name: text('CardHolderName', 255),
    card_last_four: text('CardLastFour', 4),
    display_card_number: text('DisplayCardNumber', 20),
    expiry_month: integer('ExpiryMonth'),
    expiry_year: integer('ExpiryYear'),
    status: picklist('Status', cardPaymentMethodStatuses, { required: true, defaultValue: 'Active' }),
  },
  indexes: [{ columns: ['account_id'] }],
});

export const paymentAuthorization = defineObject({
  name: 'PaymentAuthorization',
  label: 'Payment Authorization',
  keyPrefix: '0Xc',
  table: 'payment_authorization',
  isReadOnly: true,
  fields: {
    web_cart_id: reference('WebCartId', 'WebCart', { required: true }),
    checkout_session_id: reference('CheckoutSessionId', 'CartCheckoutSession', { required: true }),
    /** Set when the session has its order (at cart to order, or at authorization after it). */
    order_id: reference('OrderId', 'Order'),
    account_id: reference('AccountId', 'Account', { required: true }),
    /** Empty for a purchase order. */
    payment_method_id: reference('PaymentMethodId', 'CardPaymentMethod'),
    amount: currency('Amount', { required: true }),
    currency_iso_code: text('CurrencyIsoCode', 3, { required: true }),
    status: picklist('Status', paymentAuthorizationStatuses, { required: true }),
    gateway_ref_number: text('GatewayRefNumber', 255),
    gateway_result_code: text('GatewayResultCode', 255),
    gateway_result_code_description: textArea('GatewayResultCodeDescription', 1000),
    /** `<session id>-<attempt>`: what the gateway deduplicates on; unique in the store. */
    idempotency_key: text('IdempotencyKey', 255, { required: true }),
    /** 1 for a session's first attempt; a new attempt starts only after a decline. */
    attempt: integer('Attempt', { required: true, internal: true }),
    /** While a process asks the gateway (epoch ms): another may take over only after it. */
    lease_expires_at_ms: integer('LeaseExpiresAtMs', { internal: true }),
  },
  indexes: [
    { columns: ['idempotency_key'], unique: true },
    { columns: ['web_cart_id'] },
    { columns: ['checkout_session_id'] },
    { columns: ['order_id'] },
    { columns: ['account_id'] },
    { columns: ['payment_method_id'] },
  ],
});
