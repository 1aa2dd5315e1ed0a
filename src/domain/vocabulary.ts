/** The closed vocabularies of the checkout contract (SPEC.md sections 1–3). */

export const cartStatuses = ['Active', 'Checkout', 'Processing', 'PendingClosed', 'PendingDelete', 'Closed'] as const;
export type CartStatus = (typeof cartStatuses)[number];

export const operationTypes = [
  'CheckInventory',
  'PriceCart',
  'CalculatePromotions',
  'CalculateShipment',
  'CalculateTaxes',
  'CartToOrder',
  'ActivateOrder',
  'CreateOrderSummary',
] as const;
export type OperationType = (typeof operationTypes)[number];

export const operationStatuses = ['New', 'Running', 'Complete', 'Error', 'Canceled'] as const;
export type OperationStatus = (typeof operationStatuses)[number];

/** An operation in one of these statuses is live: it holds the cart and its session. */
export const liveOperationStatuses: readonly OperationStatus[] = ['New', 'Running'];

export const validationLevels = ['Info', 'Warning', 'Error'] as const;
export type ValidationLevel = (typeof validationLevels)[number];

export const validationTypes = [
  'Inventory',
  'Pricing',
  'Promotions',
  'Shipping',
  'Taxes',
  'Entitlement',
  'SystemError',
  'Other',
  'Payment',
] as const;
export type ValidationType = (typeof validationTypes)[number];

export const orderStatuses = ['Draft', 'Activated'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const orderLifeCycleTypes = ['UNMANAGED', 'MANAGED'] as const;
export type OrderLifeCycleType = (typeof orderLifeCycleTypes)[number];

export const serviceProviderTypes = ['Inventory', 'Price', 'Promotions', 'Shipment', 'Tax', 'Payment'] as const;
export type ServiceProviderType = (typeof serviceProviderTypes)[number];

/** The state a session takes when its background operation fails (SPEC.md section 3 rule 4). */
export const errorState = 'Error';
/** The state a new session takes when the caller names none. */
export const defaultInitialState = 'Start';
/** `State` and `NextState` are text of at most this many characters. */
export const stateMaxLength = 30;

/** How a promotion discounts: a percentage of the amount, or a fixed amount off. */
export const discountTypes = ['Percentage', 'Amount'] as const;
export type DiscountType = (typeof discountTypes)[number];

/** What a promotion discounts: one product's lines, or the whole cart. */
export const promotionTargets = ['Product', 'Cart'] as const;
export type PromotionTarget = (typeof promotionTargets)[number];

/** How a custom provider is reached: a JavaScript/TypeScript module, or an HTTP endpoint. */
export const providerKinds = ['Module', 'Http'] as const;
export type ProviderKind = (typeof providerKinds)[number];

export const taxTypes = ['Actual', 'Estimated'] as const;
export type TaxType = (typeof taxTypes)[number];

/** How precisely a latitude and longitude place an address (Salesforce's GeocodeAccuracy). */
export const geocodeAccuracies = [
  'Address',
  'NearAddress',
  'Block',
  'Street',
  'ExtendedZip',
  'Zip',
  'Neighborhood',
  'City',
  'County',
  'State',
  'Unknown',
] as const;
export type GeocodeAccuracy = (typeof geocodeAccuracies)[number];

/** What a `ContactPointAddress` is for. */
export const addressTypes = ['Shipping', 'Billing'] as const;
export type AddressType = (typeof addressTypes)[number];

/**
 * A payment authorization's life (SPEC.md section 9): `Pending` while the gateway is asked (a
 * timeout leaves it so, and the retry asks again with the same idempotency key), then
 * `Processed` (authorized) or `Failed` (declined). Only `Processed` authorizes an amount.
 */
export const paymentAuthorizationStatuses = ['Pending', 'Processed', 'Failed'] as const;
export type PaymentAuthorizationStatus = (typeof paymentAuthorizationStatuses)[number];

export const cardTypes = [
  'Visa',
  'MasterCard',
  'AmericanExpress',
  'DinersClub',
  'JCB',
  'Maestro',
  'Discover',
  'UnionPay',
] as const;
export const cardPaymentMethodStatuses = ['Active', 'Inactive', 'Canceled'] as const;
