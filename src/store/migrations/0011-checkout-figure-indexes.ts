/**
 * `/metrics` and the console read the last hour's finished operations and the last 30
 * minutes' orders (src/store/checkout-figures.ts): an index on each time, so a scrape reads
 * only those rows however many years of history the tables hold. Literal names, frozen once
 * released.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const checkoutFigureIndexes: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create index background_operation_status_finished_idx on background_operation (status, finished_at)`.execute(
      db,
    );
    await sql`create index sales_order_created_date_idx on sales_order (created_date)`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop index sales_order_created_date_idx`.execute(db);
    await sql`drop index background_operation_status_finished_idx`.execute(db);
  },
};
