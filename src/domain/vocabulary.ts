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
