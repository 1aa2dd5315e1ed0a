/** The background operation row as the store holds it, and the parameters some types carry. */
import type { Selectable } from 'kysely';
import type { Database } from '../records/registry.js';

export type OperationRow = Selectable<Database['background_operation']>;

/** Parameters of an operation, kept as JSON in an internal column. */
export interface OperationParameters {
  readonly orderId?: string;
  readonly orderLifeCycleType?: string;
  /** Set when the action runs the operation inside the call (`runAsync: false`). */
  readonly isSynchronous?: boolean;
}

export function parametersOf(operation: OperationRow): OperationParameters {
  return operation.parameters === null ? {} : (JSON.parse(operation.parameters) as OperationParameters);
}
