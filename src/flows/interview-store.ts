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
import { prepareQuery } from '../store/prepared-query.js';
import type { FlowInterviewRow, FlowTables } from './flow-tables.js';
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

// The statements of every read and move of an interview, compiled once (store/prepared-query.ts).
const readQuery = prepareQuery<{ id: string }, FlowInterviewRow>((db, value) =>
  db.withTables<FlowTables>().selectFrom('flow_interview').selectAll().where('id', '=', value('id')),
);

const moveQuery = prepareQuery<{ id: string; from: number; to: number; now: string }, never>((db, value) =>
  db
    .withTables<FlowTables>()
    .updateTable('flow_interview')
    .set({ version: value('to'), last_modified_date: value('now') })
    .where('id', '=', value('id'))
    .where('version', '=', value('from')),
);

const saveQuery = prepareQuery<{ id: string; version: number; state: string; status: string; now: string }, never>(
  (db, value) =>
    db
      .withTables<FlowTables>()
      .updateTable('flow_interview')
      .set({ state: value('state'), status: value('status'), last_modified_date: value('now') })
      .where('id', '=', value('id'))
      .where('version', '=', value('version')),
);

export async function readInterview(store: Store, id: string): Promise<StoredInterview | null> {
  const [row] = (await readQuery.execute(store.db, { id })).rows;
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
  const result = await moveQuery.execute(store.db, { id, from, to, now: nowIso() });
  return result.numAffectedRows === 1n;
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
    const values = { id, version, state: JSON.stringify(state), status: state.status, now: nowIso() };
    const isSaved = (await saveQuery.execute(trx, values)).numAffectedRows === 1n;
    if (isSaved) await recordCheckoutEvents(trx, ...events);
    return isSaved;
  });
}
