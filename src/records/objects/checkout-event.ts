/**
 * CheckoutEvent: a checkout's story, one append-only row per thing that happened to it
 * (src/store/checkout-event-log.ts writes them in the transaction of the change). An object of
 * our own, not a Salesforce one: read-only through the sObject API and SOQL.
 */
import { defineObject } from '../object.js';
import { integer, picklist, text, textArea } from '../fields.js';

export const checkoutEventTypes = [
  'SessionCreated',
  'TransitionRequested',
  'StateSet',
  'OperationEnqueued',
  'OperationClaimed',
  'ProviderCall',
  'ValidationOutput',
  'OperationRetried',
  'OperationFinished',
  'TransitionApplied',
  'OrderCreated',
  'OrderActivated',
  'OrderSummaryCreated',
  'Canceled',
  'FlowScreenShown',
  'FlowScreenSubmitted',
] as const;

export type CheckoutEventType = (typeof checkoutEventTypes)[number];

export const checkoutEvent = defineObject({
  name: 'CheckoutEvent',
  label: 'Checkout Event',
  keyPrefix: 'a0C',
  table: 'checkout_event',
  isReadOnly: true,
  fields: {
    /** Order of the events across the whole table: a later event has a larger number. */
    sequence_number: integer('SequenceNumber', { required: true, readOnly: true, defaultValue: 0 }),
    event_type: picklist('EventType', checkoutEventTypes, { required: true }),
    // Ids as text, not references: an event outlives the operation the purge deletes.
    web_cart_id: text('WebCartId', 18),
    checkout_session_id: text('CheckoutSessionId', 18),
    background_operation_id: text('BackgroundOperationId', 18),
    operation_type: text('OperationType', 80),
    from_state: text('FromState', 80),
    to_state: text('ToState', 80),
    /** Host name and process id of the worker: integrators and administrators only. */
    worker: text('Worker', 255),
    duration_ms: integer('DurationMs'),
    outcome: text('Outcome', 255),
    detail: textArea('Detail', 32000),
  },
  indexes: [{ columns: ['web_cart_id'] }, { columns: ['checkout_session_id'] }, { columns: ['sequence_number'] }],
});
