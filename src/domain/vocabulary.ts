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
] as const;
export type ValidationType = (typeof validationTypes)[number];

export const orderStatuses = ['Draft', 'Activated'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const orderLifeCycleTypes = ['UNMANAGED', 'MANAGED'] as const;
export type OrderLifeCycleType = (typeof orderLifeCycleTypes)[number];

export const serviceProviderTypes = ['Inventory', 'Price', 'Promotions', 'Shipment', 'Tax'] as const;
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
