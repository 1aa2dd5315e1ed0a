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
 * - delete is a hard delete; the cart's dependent rows go with it; a record other records
 *   still reference → DELETE_FAILED.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Caller } from '../access/caller.js';
import { mayWriteObject } from '../access/record-visibility.js';
import { assertRequiredFields, FieldValueError, fromApiValues } from '../records/from-api-values.js';
import { generateId } from '../records/ids.js';
import type { ObjectDef } from '../records/object.js';
import { allObjects, findObject, type Database } from '../records/registry.js';
import type { Store } from '../store/database.js';
import { nowIso } from '../store/clock.js';
import { touched } from '../store/insert-record.js';
import { isForeignKeyViolation } from '../store/is-foreign-key-violation.js';
import { isUniqueViolation } from '../store/is-unique-violation.js';
import { recomputeCartTotals } from '../operations/recompute-cart-totals.js';
import { ApiError, readOnlyAccess } from './api-error.js';
import { cartColumnOf, cartItemAmounts, checkNewCart, prepareCartWrite } from './cart-writes.js';
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

function withAmounts(definition: ObjectDef, merged: Record<string, unknown>, values: Record<string, unknown>) {
  if (definition.name !== 'CartItem') return values;
  return { ...values, ...cartItemAmounts(merged) };
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

function assignments(values: Record<string, unknown>): RawBuilder<unknown> {
  return sql.join(Object.entries(values).map(([column, value]) => sql`${sql.ref(column)} = ${value}`));
}

function duplicateOr(error: unknown): unknown {
  return isUniqueViolation(error)
    ? new ApiError('DUPLICATE_VALUE', 400, 'duplicate value found: a record with these values already exists')
    : error;
}

async function afterCartWrite(trx: Kysely<Database>, definition: ObjectDef, cartId: string, actorId: string) {
  if (definition.name === 'CartItem') await recomputeCartTotals(trx, cartId, actorId);
}

export async function createRecord(store: Store, caller: Caller, definition: ObjectDef, body: unknown) {
  const fields = bodyObject(body);
  assertMayWrite(caller, definition);
  if (definition.name === 'CartCheckoutSession') {
    throw readOnlyAccess('Checkout sessions are created by checkoutSessionAction');
  }
  const values = fromApiValues(definition, fields, 'create');
  if ('owner_id' in definition.fields && values.owner_id == null) values.owner_id = caller.userId;
  assertRequiredFields(definition, values);
  const id = generateId(definition.keyPrefix);
  try {
    await store.transaction(async (trx) => {
      await checkReferences(trx, caller, definition, values);
      const cartColumn = cartColumnOf(definition);
      if (definition.name === 'WebCart') await checkNewCart(trx, caller, values);
      else if (cartColumn !== null) await prepareCartWrite(trx, caller, definition, String(values[cartColumn]));
      if (definition.name === 'CartItem') await checkItemGroup(trx, values);
      const now = nowIso();
      const row = {
        ...withAmounts(definition, values, values),
        id,
        created_date: now,
        created_by_id: caller.userId,
        ...touched(caller.userId, now),
      };
      const columns = Object.keys(row).filter((column) => row[column as keyof typeof row] !== undefined);
      await sql`insert into ${sql.table(definition.table)} (${sql.join(columns.map((column) => sql.ref(column)))})
        values (${sql.join(columns.map((column) => row[column as keyof typeof row]))})`.execute(trx);
      if (cartColumn !== null && definition.name !== 'WebCart') {
        await afterCartWrite(trx, definition, String(values[cartColumn]), caller.userId);
      }
    });
  } catch (error) {
    throw duplicateOr(error);
  }
  return id;
}

async function updateSession(trx: Kysely<Database>, caller: Caller, row: StoredRow, values: Record<string, unknown>) {
  const other = Object.keys(values).find((column) => !sessionStateColumns.has(column));
  if (other !== undefined) {
    const apiName = findObject('CartCheckoutSession')?.fields[other]?.apiName ?? other;
    throw new FieldValueError('INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to update field ${apiName}`, [apiName]);
  }
  // Conditional update (DESIGN.md concurrency rule 1): a worker finishing a step races us.
  const result = await sql`update cart_checkout_session set ${assignments({ ...values, ...touched(caller.userId) })}
    where id = ${row.id} and is_processing = 0 and is_archived = 0`.execute(trx);
  if (result.numAffectedRows !== 1n) {
    throw readOnlyAccess('The checkout session is processing or archived and cannot be changed');
  }
}

export async function updateRecord(store: Store, caller: Caller, definition: ObjectDef, idText: string, body: unknown) {
  const fields = bodyObject(body);
  await store.transaction(async (trx) => {
    const row = await readVisibleRow(trx, caller, definition, idText);
    assertMayWrite(caller, definition);
    const values = fromApiValues(definition, fields, 'update');
    if (Object.keys(values).length === 0) return;
    await checkReferences(trx, caller, definition, values);
    const cartColumn = cartColumnOf(definition);
    const cartId = cartColumn === null ? null : String(row[cartColumn]);
    if (cartId !== null) await prepareCartWrite(trx, caller, definition, cartId);
    if (definition.name === 'CartCheckoutSession') return updateSession(trx, caller, row, values);
    const merged = { ...row, ...values };
    if (definition.name === 'CartItem') await checkItemGroup(trx, merged);
    const changes = { ...withAmounts(definition, merged, values), ...touched(caller.userId) };
    try {
      await sql`update ${sql.table(definition.table)} set ${assignments(changes)} where id = ${row.id}`.execute(trx);
    } catch (error) {
      throw duplicateOr(error);
    }
    if (cartId !== null) await afterCartWrite(trx, definition, cartId, caller.userId);
  });
}

/** Objects whose rows go with a deleted cart: everything bound to a cart. */
const cartBound = allObjects.filter((definition) => definition.name !== 'WebCart' && cartColumnOf(definition) !== null);

async function deleteDependents(trx: Kysely<Database>, definition: ObjectDef, id: string): Promise<void> {
  for (const dependent of cartBound) {
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
    if (cartColumn !== null) await prepareCartWrite(trx, caller, definition, String(row[cartColumn]));
    await deleteDependents(trx, definition, row.id);
    await assertUnreferenced(trx, definition, row.id);
    await sql`delete from ${sql.table(definition.table)} where id = ${row.id}`.execute(trx);
    if (cartColumn !== null && definition.name !== 'WebCart') {
      await afterCartWrite(trx, definition, String(row[cartColumn]), caller.userId);
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
