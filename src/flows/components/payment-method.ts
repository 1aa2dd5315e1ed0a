/**
 * `c:paymentMethod`: the payment and billing address screen of the standard checkout flows
 * (SPEC.md section 9).
 *
 * Shows (`inputs`): the payment types offered (`PurchaseOrder`, `CardPayment`, less those the
 * flow hides), the account's saved cards (never their tokens), its Billing addresses, and what
 * the cart holds now (type, PO number, card, billing address), with the flow's `…Required`
 * and `hide…` settings.
 * Accepts: `paymentType`; for `PurchaseOrder` a `purchaseOrderNumber` (required when
 * `poRequired`); for `CardPayment` a saved card `cardPaymentMethodId` of the account, or a new
 * `card` {`gatewayToken`, `cardType`, `cardHolderName`, `cardLastFour`, `expiryMonth`,
 * `expiryYear`} — the gateway's token, never a card number or CVV: those are refused; and
 * `selectedBillingAddress`, an address of the account (required when
 * `billingAddressRequired`). In one transaction it saves a new card, sets the cart's
 * PaymentMethodId or PoNumber (the other emptied) and its billing address. Outputs
 * `selectedBillingAddress` and `purchaseOrderNumber`. Refusals are 400 naming the field;
 * nothing is stored. The amount is authorized later, by B2BAuthorizeTokenizedPayment.
 */
import { z } from 'zod';
import { cardTypes } from '../../domain/vocabulary.js';
import { objects, parseIdOf } from '../../records/registry.js';
import { activeCardOfAccount, activeCardsOf, insertCard, setCartPayment } from '../../store/cart-payment.js';
import { addressesOf, addressOfAccount, postalAddressOf } from '../../store/contact-point-addresses.js';
import type { ComponentParameters, ScreenComponentAdapter } from '../screen-component.js';
import { componentCart, invalidValue, isParameterSet } from './component-cart.js';

const paymentTypes = ['PurchaseOrder', 'CardPayment'] as const;

/** The settings the standard flows pass (the component's design properties). */
const inputParameters = [
  'cartId',
  'hidePurchaseOrder',
  'hideCreditCard',
  'poRequired',
  'selectedPaymentType',
  'hideBillingAddress',
  'billingAddressRequired',
  'cardHolderNameRequired',
  'cardTypeRequired',
  'cvvRequired',
  'expiryMonthRequired',
  'expiryYearRequired',
  'hideCardHolderName',
  'hideCardType',
  'hideCvv',
  'hideExpiryMonth',
  'hideExpiryYear',
  'previousButtonLabel',
  'nextButtonLabel',
];

/** What a card number looks like: a server that never sees one can't leak one. */
const cardNumberPattern = /^[\d\s-]{12,23}$/;

const cardSchema = z.strictObject({
  gatewayToken: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(255)
    .refine((token) => !cardNumberPattern.test(token), "must be the gateway's token, never the card number"),
  cardType: z.enum(cardTypes).nullish(),
  cardHolderName: z.string().trim().max(255).nullish(),
  cardLastFour: z
    .string()
    .regex(/^\d{4}$/, 'must be 4 digits')
    .nullish(),
  expiryMonth: z.number().int().min(1).max(12).nullish(),
  expiryYear: z.number().int().min(2000).max(2200).nullish(),
});

const submittedSchema = z.strictObject({
  paymentType: z.enum(paymentTypes),
  purchaseOrderNumber: z.string().trim().max(80, 'is longer than 80 characters').nullish(),
  cardPaymentMethodId: z.string().nullish(),
  card: cardSchema.nullish(),
  selectedBillingAddress: z.string().nullish(),
});

const requiredCardFields = [
  ['cardTypeRequired', 'cardType'],
  ['cardHolderNameRequired', 'cardHolderName'],
  ['expiryMonthRequired', 'expiryMonth'],
  ['expiryYearRequired', 'expiryYear'],
] as const;

function offeredTypes(parameters: ComponentParameters): string[] {
  return paymentTypes.filter((type) =>
    type === 'PurchaseOrder'
      ? !isParameterSet(parameters, 'hidePurchaseOrder')
      : !isParameterSet(parameters, 'hideCreditCard'),
  );
}

function parseSubmitted(submitted: Readonly<Record<string, unknown>>) {
  for (const secret of ['cardNumber', 'cvv']) {
    if (
      secret in submitted ||
      (typeof submitted.card === 'object' && submitted.card !== null && secret in submitted.card)
    ) {
      throw invalidValue(
        secret,
        `${secret} is never sent to the server: tokenize the card with the gateway and send its gatewayToken`,
      );
    }
  }
  const parsed = submittedSchema.safeParse(submitted);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.join('.') ?? '';
  const field = path !== '' ? path : issue?.code === 'unrecognized_keys' ? (issue.keys[0] ?? 'fields') : 'fields';
  throw invalidValue(field, `${field} ${issue?.message ?? 'is invalid'}`);
}

export const paymentMethodComponent: ScreenComponentAdapter = {
  extensionName: 'c:paymentMethod',
  inputParameters,
  outputParameters: ['selectedBillingAddress', 'purchaseOrderNumber'],

  async view(context, parameters) {
    const cart = await componentCart(context, parameters, 'read');
    const { db } = context.store;
    const cards = await activeCardsOf(db, cart.account_id);
    const settings = Object.fromEntries(
      inputParameters
        .filter((name) => /^hide|Required$/.test(name))
        .map((name) => [name, isParameterSet(parameters, name)]),
    );
    return {
      ...settings,
      cartId: cart.id,
      paymentTypes: offeredTypes(parameters),
      selectedPaymentType: cart.payment_method_id === null ? 'PurchaseOrder' : 'CardPayment',
      purchaseOrderNumber: cart.po_number,
      cardPaymentMethodId: cart.payment_method_id,
      cards: cards.map((card) => ({
        id: card.id,
        nickName: card.nick_name,
        cardType: card.card_type,
        cardHolderName: card.card_holder_name,
        displayCardNumber: card.display_card_number,
        expiryMonth: card.expiry_month,
        expiryYear: card.expiry_year,
      })),
      billingAddresses: (await addressesOf(db, cart.account_id, 'Billing')).map((row) => ({
        id: row.id,
        name: row.name,
        street: row.street,
        city: row.city,
        state: row.state,
        postalCode: row.postal_code,
        country: row.country,
        isDefault: row.is_default === 1,
      })),
    };
  },

  async accept(context, parameters, submitted) {
    const values = parseSubmitted(submitted);
    if (!offeredTypes(parameters).includes(values.paymentType)) {
      throw invalidValue('paymentType', `${values.paymentType} is not offered on this screen`);
    }
    const poNumber =
      values.purchaseOrderNumber == null || values.purchaseOrderNumber === '' ? null : values.purchaseOrderNumber;
    if (values.paymentType === 'PurchaseOrder' && poNumber === null && isParameterSet(parameters, 'poRequired')) {
      throw invalidValue('purchaseOrderNumber', 'Enter a purchase order number: this store requires one');
    }
    const isCard = values.paymentType === 'CardPayment';
    const savedCardId =
      values.cardPaymentMethodId == null || values.cardPaymentMethodId === '' ? null : values.cardPaymentMethodId;
    const newCard = values.card ?? null;
    if (isCard && (savedCardId === null) === (newCard === null)) {
      throw invalidValue('cardPaymentMethodId', 'Choose a saved card (cardPaymentMethodId) or send a new card');
    }
    if (isCard && newCard !== null) {
      for (const [setting, field] of requiredCardFields) {
        if (isParameterSet(parameters, setting) && (newCard[field] == null || newCard[field] === '')) {
          throw invalidValue(`card.${field}`, `card.${field} is required`);
        }
      }
    }
    const billingId =
      values.selectedBillingAddress == null || values.selectedBillingAddress === ''
        ? null
        : values.selectedBillingAddress;
    if (
      billingId === null &&
      isParameterSet(parameters, 'billingAddressRequired') &&
      !isParameterSet(parameters, 'hideBillingAddress')
    ) {
      throw invalidValue('selectedBillingAddress', 'selectedBillingAddress is required');
    }
    const cart = await componentCart(context, parameters, 'edit');
    const { caller } = context;
    const billingAddressId = await context.store.transaction(async (trx) => {
      let paymentMethodId: string | null = null;
      if (isCard && newCard !== null) {
        paymentMethodId = await insertCard(
          trx,
          cart.account_id,
          {
            gatewayToken: newCard.gatewayToken,
            cardType: newCard.cardType ?? null,
            cardHolderName: newCard.cardHolderName ?? null,
            cardLastFour: newCard.cardLastFour ?? null,
            expiryMonth: newCard.expiryMonth ?? null,
            expiryYear: newCard.expiryYear ?? null,
          },
          caller.userId,
        );
      } else if (isCard) {
        const id = parseIdOf(objects.cardPaymentMethod, savedCardId);
        const card = id === null ? undefined : await activeCardOfAccount(trx, cart.account_id, id);
        if (card === undefined) throw invalidValue('cardPaymentMethodId', 'No such card of the account');
        paymentMethodId = card.id;
      }
      let billing = null;
      if (billingId !== null) {
        const id = parseIdOf(objects.contactPointAddress, billingId);
        const row = id === null ? undefined : await addressOfAccount(trx, cart.account_id, id);
        if (row === undefined) throw invalidValue('selectedBillingAddress', 'No such address of the account');
        billing = postalAddressOf(row);
      }
      await setCartPayment(
        trx,
        cart.id,
        { paymentMethodId, poNumber: isCard ? null : poNumber, billingAddress: billing },
        caller.userId,
      );
      return billingId === null ? null : parseIdOf(objects.contactPointAddress, billingId);
    });
    return { selectedBillingAddress: billingAddressId, purchaseOrderNumber: isCard ? null : poNumber };
  },
};
