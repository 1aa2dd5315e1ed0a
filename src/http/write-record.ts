/**
 * Create, update and delete through the sObject API. Each write is one transaction: field
 * values checked against the registry, references checked to exist and be visible to the
 * caller, the cart rules applied (cart-writes.ts), then one statement. Decisions:
 * - an object the caller may not write, or a read-only object → INSUFFICIENT_ACCESS_OR_READONLY;
 *   a read-only field → INVALID_FIELD_FOR_INSERT_UPDATE;
 * - a malformed or wrong-type reference → FIELD_INTEGRITY_EXCEPTION; a well-formed id of no
 *   visible record → INVALID_CROSS_REFERENCE_KEY;
 * - sessions are created by checkoutSessionAction only; a PATCH may set State and NextState
 *   while the session is neither processing nor archived (SPEC.md section 3 rule 5);
 * - delete is a hard delete; a cart's own rows go with it, and the step results about an item
 *   or a delivery group go with that record; a record other records still reference (a
 *   delivery group with items) → DELETE_FAILED.
 * - a RegisteredExternalService whose Target the operator does not allow (a module that is not
 *   a name in the provider directory, a URL that is not http(s) or not to an allowed host) →
 *   FIELD_INTEGRITY_EXCEPTION on Target (SPEC.md section 7).
 * - deactivating or deleting a User revokes its tokens in the same transaction (reactivation
 *   does not bring them back).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { revokeAccessTokens } from '../access/access-tokens.js';
import type { Caller } from '../access/caller.js';
import { assertWritableFields } from '../access/field-write-rules.js';
import { mayWriteObject } from '../access/record-visibility.js';
import { assertRequiredFields, FieldValueError, fromApiValues } from '../records/from-api-values.js';
import { generateId } from '../records/ids.js';
import type { ObjectDef } from '../records/object.js';
import type { ProviderKind } from '../domain/vocabulary.js';
import { checkProviderTarget } from '../providers/check-provider-target.js';
import type { ProviderSettings } from '../providers/provider-settings.js';
import { allObjects, findObject, type Database } from '../records/registry.js';
import type { Store } from '../store/database.js';
import { phaseOf, requestTransition, setSessionState } from '../store/checkout-transitions.js';
import { nowIso } from '../store/clock.js';
import { touched } from '../store/insert-record.js';
import { isForeignKeyViolation } from '../store/is-foreign-key-violation.js';
import { isUniqueViolation } from '../store/is-unique-violation.js';
import { ApiError, readOnlyAccess } from './api-error.js';
import {
  afterCartWrite,
  cartChangeOf,
  cartColumnOf,
  cartItemAmounts,
  checkNewCart,
  prepareCartWrite,
  priceMarkerOf,
} from './cart-writes.js';
import { findVisibleRow, readVisibleRow, type StoredRow } from './read-record.js';

const sessionStateColumns = new Set(['state', 'next_state']);

function bodyObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError('JSON_PARSER_ERROR', 400, 'The request body must be a JSON object of field values');
  }
  return body as Record<string, unknown>;
}

function assertMayWrite(caller: Caller, definition: ObjectDef): void {
  if (!mayWriteObject(caller, definition)) {
    throw readOnlyAccess(`You don't have permission to change ${definition.name} records`);
  }
}

async function checkReferences(trx: Kysely<Database>, caller: Caller, definition: ObjectDef, values: object) {
  for (const [column, value] of Object.entries(values)) {
    const field = definition.fields[column];
    if (field?.kind !== 'reference' || typeof value !== 'string' || field.referenceTo === undefined) continue;
    const target = findObject(field.referenceTo);
    if (target === undefined) continue;
    if ((await findVisibleRow(trx, caller, target, value)) === null) {
      throw new ApiError('INVALID_CROSS_REFERENCE_KEY', 400, `${field.label} ID: invalid cross reference id`, [
        field.apiName,
      ]);
    }
  }
}

/** A line's derived amounts and price marker join the values written (cart-writes.ts). */
function withAmounts(
  definition: ObjectDef,
  merged: Record<string, unknown>,
  values: Record<string, unknown>,
  before: Record<string, unknown> | null,
) {
  if (definition.name !== 'CartItem') return values;
  return { ...values, ...cartItemAmounts(merged, values), ...priceMarkerOf(values, before) };
}

async function checkItemGroup(trx: Kysely<Database>, row: Record<string, unknown>): Promise<void> {
  const group = await trx
    .selectFrom('cart_delivery_group')
    .select('cart_id')
    .where('id', '=', String(row.cart_delivery_group_id))
    .executeTakeFirst();
  if (group?.cart_id !== row.cart_id) {
    throw new FieldValueError('FIELD_INTEGRITY_EXCEPTION', 'The delivery group belongs to another cart', [
      'CartDeliveryGroupId',
    ]);
  }
}

/** Checked when the kind or the Target is written; `merged` is the record as it will be. */
function checkServiceTarget(
  definition: ObjectDef,
  merged: Record<string, unknown>,
  values: Record<string, unknown>,
  settings: ProviderSettings,
): void {
  if (definition.name !== 'RegisteredExternalService') return;
  if (!('target' in values) && !('provider_kind' in values)) return;
  const problem = checkProviderTarget(merged.provider_kind as ProviderKind, String(merged.target), settings);
  if (problem !== null) throw new FieldValueError('FIELD_INTEGRITY_EXCEPTION', problem, ['Target']);
}

function assignments(values: Record<string, unknown>): RawBuilder<unknown> {
  return sql.join(Object.entries(values).map(([column, value]) => sql`${sql.ref(column)} = ${value}`));
}

function duplicateOr(error: unknown): unknown {
  return isUniqueViolation(error)
    ? new ApiError('DUPLICATE_VALUE', 400, 'duplicate value found: a record with these values already exists')
    : error;
}

export async function createRecord(
  store: Store,
  caller: Caller,
  definition: ObjectDef,
  body: unknown,
  providerSettings: ProviderSettings,
) {
  const fields = bodyObject(body);
  assertMayWrite(caller, definition);
  if (definition.name === 'CartCheckoutSession') {
    throw readOnlyAccess('Checkout sessions are created by checkoutSessionAction');
  }
  const values = fromApiValues(definition, fields, 'create');
  assertWritableFields(caller, definition, values, 'create');
  if ('owner_id' in definition.fields && values.owner_id == null) values.owner_id = caller.userId;
  assertRequiredFields(definition, values);
  checkServiceTarget(definition, values, values, providerSettings);
  const id = generateId(definition.keyPrefix);
  try {
    await store.transaction(async (trx) => {
      await checkReferences(trx, caller, definition, values);
      const cartColumn = cartColumnOf(definition);
      if (definition.name === 'WebCart') await checkNewCart(trx, caller, values);
      else if (cartColumn !== null) {
        await prepareCartWrite(trx, caller, cartChangeOf(definition, 'create'), String(values[cartColumn]));
      }
      if (definition.name === 'CartItem') await checkItemGroup(trx, values);
      const now = nowIso();
      const row = {
        ...withAmounts(definition, values, values, null),
        id,
        created_date: now,
        created_by_id: caller.userId,
        ...touched(caller.userId, now),
      };
      const columns = Object.keys(row).filter((column) => row[column as keyof typeof row] !== undefined);
      await sql`insert into ${sql.table(definition.table)} (${sql.join(columns.map((column) => sql.ref(column)))})
        values (${sql.join(columns.map((column) => row[column as keyof typeof row]))})`.execute(trx);
      if (cartColumn !== null && definition.name !== 'WebCart') {
        await afterCartWrite(
          trx,
          definition,
          { cartId: String(values[cartColumn]), values, before: null },
          caller.userId,
        );
      }
    });
  } catch (error) {
    throw duplicateOr(error);
  }
  return id;
}

/**
 * A record update of a session goes through the state machine (SPEC.md section 3 rule 5):
 * fields equal to their current value are dropped; `State` alone is a screen step (clears a
 * pending NextState); `NextState` is the compare-and-set of updateCheckoutSessionStateAction on
 * the session's current State, refused while another transition is pending.
 */
async function updateSession(trx: Kysely<Database>, caller: Caller, row: StoredRow, values: Record<string, unknown>) {
  const other = Object.keys(values).find((column) => !sessionStateColumns.has(column));
  if (other !== undefined) {
    const apiName = findObject('CartCheckoutSession')?.fields[other]?.apiName ?? other;
    throw new FieldValueError('INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to update field ${apiName}`, [apiName]);
  }
  const state = 'state' in values && values.state !== row.state ? String(values.state) : undefined;
  const hasNextState = 'next_state' in values && values.next_state !== row.next_state;
  if (state === undefined && !hasNextState) return;
  const phase = phaseOf(row as unknown as Parameters<typeof phaseOf>[0]);
  if (phase === 'Processing' || phase === 'Archived' || phase === 'Error') {
    throw readOnlyAccess(`The checkout session is ${phase.toLowerCase()} and cannot be changed`);
  }
  let isWon: boolean;
  if (hasNextState && values.next_state !== null) {
    const currentState = String(row.state);
    isWon = await requestTransition(
      trx,
      row.id,
      { currentState, nextState: values.next_state as string, ...(state === undefined ? {} : { setState: state }) },
      caller.userId,
    );
    if (!isWon && phase === 'Pending') {
      throw new FieldValueError(
        'FIELD_INTEGRITY_EXCEPTION',
        `A transition to ${String(row.next_state)} is already pending; set State first or wait for it`,
        ['NextState'],
      );
    }
  } else {
    isWon = await setSessionState(trx, row.id, state ?? String(row.state), caller.userId);
  }
  if (!isWon) throw readOnlyAccess('The checkout session changed meanwhile; read it again');
}

export async function updateRecord(
  store: Store,
  caller: Caller,
  definition: ObjectDef,
  idText: string,
  body: unknown,
  providerSettings: ProviderSettings,
) {
  const fields = bodyObject(body);
  await store.transaction(async (trx) => {
    const row = await readVisibleRow(trx, caller, definition, idText);
    assertMayWrite(caller, definition);
    const values = fromApiValues(definition, fields, 'update');
    assertWritableFields(caller, definition, values, 'update');
    if (Object.keys(values).length === 0) return;
    await checkReferences(trx, caller, definition, values);
    const cartColumn = cartColumnOf(definition);
    const cartId = cartColumn === null ? null : String(row[cartColumn]);
    if (cartId !== null) await prepareCartWrite(trx, caller, cartChangeOf(definition, 'update'), cartId);
    if (definition.name === 'CartCheckoutSession') return updateSession(trx, caller, row, values);
    const merged = { ...row, ...values };
    checkServiceTarget(definition, merged, values, providerSettings);
    if (definition.name === 'CartItem') await checkItemGroup(trx, merged);
    const changes = { ...withAmounts(definition, merged, values, row), ...touched(caller.userId) };
    try {
      await sql`update ${sql.table(definition.table)} set ${assignments(changes)} where id = ${row.id}`.execute(trx);
    } catch (error) {
      throw duplicateOr(error);
    }
    if (definition.name === 'User' && values.is_active === 0) await revokeAccessTokens(trx, row.id);
    if (cartId !== null) await afterCartWrite(trx, definition, { cartId, values, before: row }, caller.userId);
  });
}

/** Objects whose rows go with a deleted cart: everything bound to a cart. */
const cartBound = allObjects.filter((definition) => definition.name !== 'WebCart' && cartColumnOf(definition) !== null);

/**
 * What the checkout steps write about an item or a delivery group (its taxes, adjustments,
 * offered delivery methods, messages): the next run of the step writes them again, so they go
 * with the record. Anything else that references it — a delivery group's items — refuses the
 * delete with DELETE_FAILED: removing an item the buyer chose is a decision of its own.
 */
const stepResults = new Set(['CartTax', 'CartItemPriceAdjustment', 'CartDeliveryGroupMethod', 'CartValidationOutput']);

async function deleteDependents(trx: Kysely<Database>, definition: ObjectDef, id: string): Promise<void> {
  const dependents =
    definition.name === 'WebCart' ? cartBound : cartBound.filter((dependent) => stepResults.has(dependent.name));
  for (const dependent of dependents) {
    for (const [column, field] of Object.entries(dependent.fields)) {
      if (field.kind !== 'reference' || field.referenceTo !== definition.name) continue;
      await sql`delete from ${sql.table(dependent.table)} where ${sql.ref(column)} = ${id}`.execute(trx);
    }
  }
}

async function assertUnreferenced(trx: Kysely<Database>, definition: ObjectDef, id: string): Promise<void> {
  for (const other of allObjects) {
    for (const [column, field] of Object.entries(other.fields)) {
      if (field.kind !== 'reference' || field.referenceTo !== definition.name) continue;
      const result =
        await sql`select 1 from ${sql.table(other.table)} where ${sql.ref(column)} = ${id} limit 1`.execute(trx);
      if (result.rows.length > 0) {
        throw new ApiError(
          'DELETE_FAILED',
          400,
          `Your attempt to delete this ${definition.label} could not be completed because it is associated with ${other.name} records`,
        );
      }
    }
  }
}

export async function deleteRecord(store: Store, caller: Caller, definition: ObjectDef, idText: string) {
  const deleting = store.transaction(async (trx) => {
    const row = await readVisibleRow(trx, caller, definition, idText);
    assertMayWrite(caller, definition);
    if (definition.name === 'CartCheckoutSession') {
      throw readOnlyAccess('Checkout sessions are archived by cancelCartAsyncOperation, never deleted');
    }
    const cartColumn = cartColumnOf(definition);
    if (cartColumn !== null)
      await prepareCartWrite(trx, caller, cartChangeOf(definition, 'delete'), String(row[cartColumn]));
    await deleteDependents(trx, definition, row.id);
    await assertUnreferenced(trx, definition, row.id);
    await sql`delete from ${sql.table(definition.table)} where id = ${row.id}`.execute(trx);
    if (definition.name === 'User') await revokeAccessTokens(trx, row.id);
    if (cartColumn !== null && definition.name !== 'WebCart') {
      await afterCartWrite(
        trx,
        definition,
        { cartId: String(row[cartColumn]), values: {}, before: null },
        caller.userId,
      );
    }
  });
  // A row the dependents above do not cover (an order's session, a reservation) still names
  // the record: the deferred foreign key refuses the commit.
  await deleting.catch((error: unknown) => {
    if (!isForeignKeyViolation(error)) throw error;
    throw new ApiError(
      'DELETE_FAILED',
      400,
      `Your attempt to delete this ${definition.label} could not be completed because other records refer to it`,
    );
  });
}
