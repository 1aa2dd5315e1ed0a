/**
 * Change notices on SQLite: temporary triggers (this connection only, no schema change) call
 * the function openSqlite registered with the changed row's id. The trigger runs inside the
 * writing transaction, so ids are handed on after the current statement (setImmediate); a
 * listener's re-read queues behind the transaction on the one connection and sees its outcome
 * (a rolled-back change only costs the listener a read). Changes made by other processes on the
 * same file are not seen: the embedded layout is one process (ADR 0020).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../records/registry.js';
import { recordChangedFunction } from './open-sqlite.js';

/** The tables whose rows a `Prefer: wait` request or an interview long-poll can wait on. */
export const watchedTables = ['background_operation', 'cart_checkout_session', 'flow_interview'] as const;

export async function createChangeTriggers(db: Kysely<Database>): Promise<void> {
  for (const table of watchedTables) {
    for (const [event, row] of [
      ['update', 'new'],
      ['delete', 'old'],
    ] as const) {
      await sql
        .raw(
          `create temp trigger if not exists ${table}_${event}d after ${event} on main.${table} ` +
            `begin select ${recordChangedFunction}(${row}.id); end`,
        )
        .execute(db);
    }
  }
}

/** Batches ids reported during a statement and delivers each once, after it. */
export function deferChanges(deliver: (id: string) => void): (id: string) => void {
  let pending: Set<string> | null = null;
  return (id) => {
    if (pending === null) {
      const batch = new Set<string>();
      pending = batch;
      setImmediate(() => {
        pending = null;
        for (const changed of batch) deliver(changed);
      });
    }
    pending.add(id);
  };
}
