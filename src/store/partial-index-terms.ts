/**
 * The WHERE terms of the partial indexes (migration 0001), written as SQL literals. SQLite uses
 * a partial index only when the query's own text implies the index's WHERE clause; a bound
 * parameter (`is_archived = ?`) never does, and the lookup by cart becomes a scan of the whole
 * table. PostgreSQL's generic plans have the same blind spot.
 */
import { sql } from 'kysely';
import type { OperationStatus } from '../domain/vocabulary.js';

/** `is_archived = 0`: the cart's live session (cart_checkout_session_0_key). */
export const notArchived = sql<number>`0`;

/** `status in ('New', 'Running')`: the cart's live operation (background_operation_0_key). */
export const liveStatuses = sql<OperationStatus>`('New', 'Running')`;
