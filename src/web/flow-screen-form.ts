/**
 * A submitted screen form read back into the interview's `fields`: `fields.A` is input field
 * A's value, `fields.B.x.y` is value `x.y` of component B (nested objects). Empty values are
 * left out (the adapters keep what is already chosen). The address picker's "new" choice sends
 * `newAddress` instead of an address id; a payment by purchase order sends no card, a saved
 * card no new one. The cancel button sets its component's `isCanceled`.
 */
import type { ScreenView } from '../flows/flow-screens.js';
import type { NavigateAction } from '../flows/navigate-interview.js';

type Values = Record<string, unknown>;

function setPath(target: Values, path: readonly string[], value: string): void {
  let node = target;
  path.slice(0, -1).forEach((key) => {
    const next = node[key];
    node = typeof next === 'object' && next !== null ? (next as Values) : (node[key] = {} as Values);
  });
  const last = path[path.length - 1];
  if (last !== undefined) node[last] = value;
}

function adjustComponent(component: string, values: Values): void {
  if (component === 'forcecommunity:commercedelivery') {
    if (values.contactPointAddressId === 'new') delete values.contactPointAddressId;
    else delete values.newAddress;
  }
  if (component === 'c:paymentmethod') {
    if (values.paymentType !== 'CardPayment') {
      delete values.card;
      delete values.cardPaymentMethodId;
    } else {
      delete values.purchaseOrderNumber;
      if (values.cardPaymentMethodId !== undefined) delete values.card;
    }
  }
}

export interface ScreenSubmission {
  readonly action: NavigateAction;
  readonly version: number;
  readonly fields: Values;
}

export function readScreenForm(form: Readonly<Record<string, string>>, screen: ScreenView | null): ScreenSubmission {
  const fields: Values = {};
  const known = new Map((screen?.fields ?? []).map((field) => [field.name.toLowerCase(), field]));
  for (const [name, value] of Object.entries(form)) {
    if (!name.startsWith('fields.') || value.trim() === '') continue;
    const [fieldName = '', ...path] = name.slice('fields.'.length).split('.');
    const field = known.get(fieldName.toLowerCase());
    if (field === undefined) continue;
    if (field.type === 'InputField' && path.length === 0) fields[field.name] = value.trim();
    if (field.type === 'Component' && path.length > 0) {
      const values = (fields[field.name] ??= {}) as Values;
      setPath(values, path, value.trim());
    }
  }
  for (const field of screen?.fields ?? []) {
    const values = fields[field.name];
    if (field.type === 'Component' && typeof values === 'object' && values !== null) {
      adjustComponent((field.component ?? '').toLowerCase(), values as Values);
    }
  }
  const canceled = form.cancel === undefined ? undefined : known.get(form.cancel.toLowerCase());
  if (canceled !== undefined) fields[canceled.name] = { isCanceled: true };
  const action = form.action === 'BACK' || form.action === 'FINISH' ? form.action : 'NEXT';
  return { action, version: Number(form.version), fields };
}
