/**
 * Durable interviews (the SQL of `flow_interview`): the state as JSON, written at every pause.
 * A navigate first claims the interview by moving its version from the one the client named to
 * the next (a conditional update: a second tab with the same version loses and changes
 * nothing), then stores the new state under that claim. The checkout events of a change
 * (interview-events.ts) are written in the same transaction as the interview.
 */
import { generateId } from '../records/ids.js';
import { recordCheckoutEvents, type CheckoutEvent } from '../store/checkout-event-log.js';
import type { Store } from '../store/database.js';
import { nowIso } from '../store/clock.js';
import { flowTables, type FlowTables } from './flow-tables.js';
import type { InterviewState } from './interview-state.js';

export interface StoredInterview {
  readonly id: string;
  readonly flowApiName: string;
  readonly flowVersion: number;
  readonly userId: string;
  readonly version: number;
  readonly state: InterviewState;
}

export async function insertInterview(
  store: Store,
  interview: Omit<StoredInterview, 'id' | 'version'>,
  eventsOf: (id: string) => readonly CheckoutEvent[] = () => [],
): Promise<StoredInterview> {
  const id = generateId('0Fo');
  const now = nowIso();
  const events = eventsOf(id);
  await store.transaction(async (trx) => {
    await trx
      .withTables<FlowTables>()
      .insertInto('flow_interview')
      .values({
        id,
        flow_api_name: interview.flowApiName,
        flow_version: interview.flowVersion,
        user_id: interview.userId,
        status: interview.state.status,
        version: 1,
        state: JSON.stringify(interview.state),
        created_date: now,
        last_modified_date: now,
      })
      .execute();
    await recordCheckoutEvents(trx, ...events);
  });
  return { ...interview, id, version: 1 };
}

export async function readInterview(store: Store, id: string): Promise<StoredInterview | null> {
  const row = await flowTables(store).selectFrom('flow_interview').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return null;
  return {
    id: row.id,
    flowApiName: row.flow_api_name,
    flowVersion: Number(row.flow_version),
    userId: row.user_id,
    version: Number(row.version),
    state: JSON.parse(row.state) as InterviewState,
  };
}

/** Moves the version `from` → `to` when it is still `from`; false when another request moved it. */
export async function moveInterviewVersion(store: Store, id: string, from: number, to: number): Promise<boolean> {
  const result = await flowTables(store)
    .updateTable('flow_interview')
    .set({ version: to, last_modified_date: nowIso() })
    .where('id', '=', id)
    .where('version', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Stores the state under the claim `version`; false when the claim was lost. */
export async function saveInterview(
  store: Store,
  id: string,
  version: number,
  state: InterviewState,
  events: readonly CheckoutEvent[] = [],
): Promise<boolean> {
  return store.transaction(async (trx) => {
    const result = await trx
      .withTables<FlowTables>()
      .updateTable('flow_interview')
      .set({ state: JSON.stringify(state), status: state.status, last_modified_date: nowIso() })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    const isSaved = Number(result.numUpdatedRows) === 1;
    if (isSaved) await recordCheckoutEvents(trx, ...events);
    return isSaved;
  });
}
