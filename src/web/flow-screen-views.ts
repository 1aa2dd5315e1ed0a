/**
 * The markup of a flow interview's screen, drawn from its screen JSON alone: display text,
 * input fields, and each component from the `inputs` its adapter computed (address picker,
 * delivery methods with their fees, payment, summary, wait, cancel button, anything else as
 * its values). Form fields are named `fields.<screen field>[.<value>…]`; flow-screen-form.ts
 * reads them back into the interview's `fields`. A refusal naming a value is shown next to it.
 */
import type { InterviewView } from '../flows/flow-interviews.js';
import type { ScreenFieldView, ScreenView } from '../flows/flow-screens.js';
import { renderDataTable } from './data-table.js';
import { formatMoney } from './format.js';
import { html, type SafeHtml } from './html.js';
import { csrfInput } from './page-layout.js';
import type { WebUser } from './web-session.js';

export interface ScreenProblem {
  readonly message: string;
  /** The field or value the refusal names (lower case), if any. */
  readonly field: string | null;
}

type Inputs = Record<string, unknown>;

const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
const list = (value: unknown): Inputs[] =>
  Array.isArray(value) ? value.filter((item): item is Inputs => typeof item === 'object' && item !== null) : [];
const idOf = (...parts: string[]) => parts.join('-').replace(/[^A-Za-z0-9_-]/g, '_');

/** A flow's display text is markup written by whoever deployed the flow: shown as its text. */
export function plainTextOf(markup: string): string[] {
  const decoded = markup
    .replace(/<br\s*\/?>|<\/p>|<\/div>|<\/li>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  return decoded
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function inlineError(problem: ScreenProblem | null, ...keys: string[]): SafeHtml {
  const isMine = problem?.field != null && keys.some((key) => key.toLowerCase() === problem.field);
  return html`${isMine && html`<p class="field-error" role="alert">${problem?.message}</p>`}`;
}

function addressLine(address: Inputs): string {
  return [
    address.name,
    address.street,
    `${text(address.postalCode)} ${text(address.city)}`.trim(),
    address.state,
    address.country,
  ]
    .map(text)
    .filter((part) => part !== '')
    .join(', ');
}

function addressPicker(field: ScreenFieldView, inputs: Inputs, problem: ScreenProblem | null): SafeHtml {
  const base = `fields.${field.name}`;
  const addresses = list(inputs.addresses);
  const deliverTo =
    typeof inputs.deliverTo === 'object' && inputs.deliverTo !== null ? (inputs.deliverTo as Inputs) : null;
  if (inputs.readonly === true) {
    return html`<h2>Delivery address</h2>
      <address>${deliverTo === null ? 'None yet' : addressLine(deliverTo)}</address>`;
  }
  const newField = (key: string, label: string, required: boolean) => {
    const id = idOf(field.name, 'new', key);
    return html`<div class="field">
      <label for="${id}">${label}${required && html` (required)`}</label>
      <input id="${id}" name="${`${base}.newAddress.${key}`}" type="text" maxlength="255" />
      ${inlineError(problem, `newAddress.${key}`, key)}
    </div>`;
  };
  return html`<fieldset>
    <legend>Delivery address</legend>
    ${inlineError(problem, 'contactPointAddressId', 'newAddress', field.name)}
    ${addresses.map((address, index) => {
      const id = idOf(field.name, 'address', String(index));
      return html`<div>
        <input
          type="radio"
          id="${id}"
          name="${`${base}.contactPointAddressId`}"
          value="${text(address.id)}"
          ${index === 0 && html`checked`}
        />
        <label for="${id}">${addressLine(address)}</label>
      </div>`;
    })}
    <div>
      <input
        type="radio"
        id="${idOf(field.name, 'address', 'new')}"
        name="${`${base}.contactPointAddressId`}"
        value="new"
        ${addresses.length === 0 && html`checked`}
      />
      <label for="${idOf(field.name, 'address', 'new')}">A new address</label>
    </div>
    ${newField('name', 'Name', true)}${newField('street', 'Street', true)}${newField('city', 'City', true)}
    ${newField('postalCode', 'Postal code', true)}${newField('state', 'State', false)}
    ${newField('country', 'Country', true)}
    ${
      inputs.showShippingInstructions === true &&
      html`<div class="field">
        <label for="${idOf(field.name, 'instructions')}">Shipping instructions</label>
        <input
          id="${idOf(field.name, 'instructions')}"
          name="${`${base}.shippingInstructions`}"
          type="text"
          value="${text(inputs.shippingInstructions)}"
        />
      </div>`
    }
  </fieldset>`;
}

function deliveryMethods(field: ScreenFieldView, inputs: Inputs, problem: ScreenProblem | null): SafeHtml {
  const options = list(inputs.options);
  const currency = text(inputs.currencyIsoCode) || 'USD';
  if (inputs.isReadOnly === true) {
    const chosen = options.find((option) => option.isSelected === true);
    return html`<h2>Delivery method</h2>
      <p>${chosen === undefined ? 'None' : `${text(chosen.name)} — ${formatMoney(chosen.shippingFee, currency)}`}</p>`;
  }
  const hasSelection = options.some((option) => option.isSelected === true);
  return html`<fieldset>
    <legend>Delivery method</legend>
    ${inlineError(problem, 'orderDeliveryMethodId', field.name)}
    ${options.map((option, index) => {
      const id = idOf(field.name, String(index));
      const isChecked = option.isSelected === true || (!hasSelection && index === 0);
      return html`<div>
        <input
          type="radio"
          id="${id}"
          name="${`fields.${field.name}.orderDeliveryMethodId`}"
          value="${text(option.deliveryMethodId)}"
          ${isChecked && html`checked`}
        />
        <label for="${id}">${text(option.name)} — ${formatMoney(option.shippingFee, currency)}</label>
      </div>`;
    })}
  </fieldset>`;
}

function payment(field: ScreenFieldView, inputs: Inputs, problem: ScreenProblem | null): SafeHtml {
  const base = `fields.${field.name}`;
  const types = Array.isArray(inputs.paymentTypes) ? inputs.paymentTypes.map(text) : ['PurchaseOrder'];
  const selected = text(inputs.selectedPaymentType) || types[0];
  const cards = list(inputs.cards);
  const billing = list(inputs.billingAddresses);
  // A purchase order number the flow requires (`poRequired`) is marked required; the browser
  // enforces it only when a purchase order is the one way to pay (a card needs no number).
  const isPoRequired = inputs.poRequired === true;
  const input = (key: string, label: string, value = '', isRequired = false) => {
    const id = idOf(field.name, key);
    const isInvalid = problem?.field === key.toLowerCase();
    return html`<div class="field">
      <label for="${id}">${label}${isRequired && html` (required)`}</label>
      <input
        id="${id}"
        name="${`${base}.${key}`}"
        type="text"
        maxlength="80"
        value="${value}"
        ${isRequired && html`aria-required="true"`}
        ${isRequired && types.length === 1 && html`required`}
        ${isInvalid && html`aria-invalid="true"`}
      />
      ${inlineError(problem, key)}
    </div>`;
  };
  return html`<fieldset>
    <legend>Payment</legend>
    ${inlineError(problem, 'paymentType', field.name)}
    ${types.map((type) => {
      const id = idOf(field.name, 'type', type);
      return html`<div>
        <input
          type="radio"
          id="${id}"
          name="${`${base}.paymentType`}"
          value="${type}"
          ${type === selected && html`checked`}
        />
        <label for="${id}"
          >${type === 'PurchaseOrder' ? 'Purchase order' : type === 'CardPayment' ? 'Card' : type}</label
        >
      </div>`;
    })}
    ${types.includes('PurchaseOrder') && input('purchaseOrderNumber', 'Purchase order number', text(inputs.purchaseOrderNumber), isPoRequired)}
    ${
      types.includes('CardPayment') &&
      html`<div class="field">
          <label for="${idOf(field.name, 'card')}">Saved card</label>
          <select id="${idOf(field.name, 'card')}" name="${`${base}.cardPaymentMethodId`}">
            <option value="">A new card (token below)</option>
            ${cards.map(
              (card) =>
                html`<option value="${text(card.id)}" ${card.id === inputs.cardPaymentMethodId && html`selected`}>
                  ${text(card.cardType)} ${text(card.displayCardNumber)} ${text(card.cardHolderName)}
                </option>`,
            )}
          </select>
          ${inlineError(problem, 'cardPaymentMethodId')}
        </div>
        ${input('card.gatewayToken', 'Card token from the payment gateway (a test token in the demo)')}
        ${input('card.cardHolderName', 'Card holder')}`
    }
    ${
      inputs.hideBillingAddress !== true &&
      billing.length > 0 &&
      html`<div class="field">
        <label for="${idOf(field.name, 'billing')}">Billing address</label>
        <select id="${idOf(field.name, 'billing')}" name="${`${base}.selectedBillingAddress`}">
          ${billing.map((address) => html`<option value="${text(address.id)}">${addressLine(address)}</option>`)}
        </select>
        ${inlineError(problem, 'selectedBillingAddress')}
      </div>`
    }
  </fieldset>`;
}

function summary(inputs: Inputs): SafeHtml {
  const cart = (inputs.cart ?? {}) as Inputs;
  const currency = text(cart.CurrencyIsoCode) || 'USD';
  return html`${renderDataTable({
      caption: 'What you order',
      columns: [
        { label: 'Line', isRowHeader: true },
        { label: 'Quantity', isNumeric: true },
        { label: 'Total', isNumeric: true },
        { label: 'Tax', isNumeric: true },
      ],
      rows: list(inputs.items).map((item) => [
        text(item.Name),
        text(item.Quantity),
        formatMoney(item.TotalPrice, currency),
        formatMoney(item.TotalTaxAmount, currency),
      ]),
    })}
    <dl class="facts">
      <dt>Subtotal</dt>
      <dd>${formatMoney(cart.TotalAmount, currency)}</dd>
      <dt>Tax</dt>
      <dd>${formatMoney(cart.TotalTaxAmount, currency)}</dd>
      <dt>Total</dt>
      <dd><strong>${formatMoney(cart.GrandTotalAmount, currency)}</strong></dd>
    </dl>
    ${list(inputs.deliveryGroups).map(
      (group) =>
        html`<h2>Delivery address</h2>
          <address>
            ${[
              group.DeliverToName,
              group.DeliverToStreet,
              group.DeliverToPostalCode,
              group.DeliverToCity,
              group.DeliverToCountry,
            ]
              .map(text)
              .filter((part) => part !== '')
              .join(', ')}
          </address>`,
    )}`;
}

function waiting(inputs: Inputs): SafeHtml {
  return html`<div class="notice" role="status" aria-live="polite">
    <h2>${inputs.isProcessing === true ? 'Working on the step' : 'Moving on'}: ${text(inputs.state) || 'checkout'}…</h2>
    <p>This page updates itself every second.</p>
  </div>`;
}

function cancelButton(field: ScreenFieldView, inputs: Inputs): SafeHtml {
  return html`${
    inputs.canCancel !== false &&
    html`<button type="submit" class="danger" name="cancel" value="${field.name}">
      ${text(inputs.label) || 'Cancel checkout'}
    </button>`
  }`;
}

function anyComponent(field: ScreenFieldView, inputs: Inputs): SafeHtml {
  return html`<dl class="facts" aria-label="${field.component ?? field.name}">
    ${Object.entries(inputs).map(
      ([key, value]) =>
        html`<dt>${key}</dt>
          <dd>${typeof value === 'object' ? JSON.stringify(value) : text(value)}</dd>`,
    )}
  </dl>`;
}

function componentOf(field: ScreenFieldView, problem: ScreenProblem | null): SafeHtml {
  const inputs = field.inputs ?? {};
  switch ((field.component ?? '').toLowerCase()) {
    case 'forcecommunity:commercedelivery':
      return addressPicker(field, inputs, problem);
    case 'commerce_checkout:deliverymethod':
      return deliveryMethods(field, inputs, problem);
    case 'c:paymentmethod':
      return payment(field, inputs, problem);
    case 'forcecommunity:commercecheckoutsummary':
      return summary(inputs);
    case 'forcecommunity:commercescreenwait':
      return waiting(inputs);
    case 'forcecommunity:cancelcheckoutbutton':
      return cancelButton(field, inputs);
    default:
      return anyComponent(field, inputs);
  }
}

function fieldOf(field: ScreenFieldView, problem: ScreenProblem | null): SafeHtml {
  if (field.type === 'DisplayText') return html`${plainTextOf(field.html ?? '').map((line) => html`<p>${line}</p>`)}`;
  if (field.type === 'InputField') {
    const id = idOf('field', field.name);
    return html`<div class="field">
      <label for="${id}">${field.label ?? field.name}${field.required && html` (required)`}</label>
      <input
        id="${id}"
        name="${`fields.${field.name}`}"
        type="text"
        maxlength="255"
        value="${text(field.inputs?.value)}"
        ${field.required && html`aria-required="true"`}
        ${problem?.field === field.name.toLowerCase() && html`aria-invalid="true"`}
      />
      ${inlineError(problem, field.name)}
    </div>`;
  }
  return componentOf(field, problem);
}

export function isWaitScreen(screen: ScreenView | null): boolean {
  return (
    screen?.fields.some((field) => field.component?.toLowerCase() === 'forcecommunity:commercescreenwait') ?? false
  );
}

/** The screen as a form posting to `action` with the interview version it was drawn at. */
export function renderScreen(
  interview: InterviewView,
  screen: ScreenView,
  user: WebUser,
  action: string,
  problem: ScreenProblem | null,
): SafeHtml {
  const isWait = isWaitScreen(screen);
  return html`<p class="muted">Step: <strong id="screen-label">${screen.label}</strong></p>
    ${
      problem !== null &&
      html`<div class="alert" role="alert" id="screen-error">
        <h2>Please check</h2>
        <p>${problem.message}</p>
      </div>`
    }
    <form method="post" action="${action}" data-screen="${screen.name}">
      ${csrfInput(user)}
      <input type="hidden" name="version" value="${String(interview.version)}" />
      ${screen.fields.filter((field) => field.component?.toLowerCase() !== 'forcecommunity:cancelcheckoutbutton').map((field) => fieldOf(field, problem))}
      ${
        !isWait &&
        html`<div class="actions">
          ${screen.allowBack && html`<button type="submit" name="action" value="BACK" class="secondary">Back</button>`}
          <button type="submit" name="action" value="NEXT">Continue</button>
          ${screen.fields.filter((field) => field.component?.toLowerCase() === 'forcecommunity:cancelcheckoutbutton').map((field) => fieldOf(field, problem))}
        </div>`
      }
    </form>`;
}
