/**
 * Steps are re-entrant: a step's run replaces the cart's earlier validation outputs of its
 * type instead of adding to them (SPEC.md section 7).
 */
import type { Kysely } from 'kysely';
import type { ValidationType } from '../domain/vocabulary.js';
import type { Database } from '../records/registry.js';
import { insertRecords } from '../store/insert-record.js';
import { prepareQuery } from '../store/prepared-query.js';
import type { OperationRow } from './operation-row.js';
import type { ValidationMessage } from './step-outcome.js';

const deleteOutputs = prepareQuery<{ cartId: string; type: ValidationType }, never>((db, value) =>
  db.deleteFrom('cart_validation_output').where('cart_id', '=', value('cartId')).where('type', '=', value('type')),
);

export async function replaceValidationOutputs(
  trx: Kysely<Database>,
  operation: OperationRow,
  type: ValidationType,
  outputs: readonly ValidationMessage[],
  actorId: string,
): Promise<void> {
  const cartId = operation.web_cart_id;
  if (cartId === null) return;
  await replaceCartOutputs(trx, { cartId, operationId: operation.id }, type, outputs, actorId);
}

/** The same for work that runs without an operation (a payment authorization). */
export async function replaceCartOutputs(
  trx: Kysely<Database>,
  source: { readonly cartId: string; readonly operationId: string | null },
  type: ValidationType,
  outputs: readonly ValidationMessage[],
  actorId: string,
): Promise<void> {
  const { cartId, operationId } = source;
  await deleteOutputs.execute(trx, { cartId, type });
  await insertRecords(
    trx,
    'cartValidationOutput',
    outputs.map((output) => ({
      cart_id: cartId,
      related_entity_id: output.relatedEntityId ?? null,
      background_operation_id: operationId,
      name: `${output.type} ${output.level}`,
      message: output.message,
      level: output.level,
      type: output.type,
    })),
    actorId,
  );
}
