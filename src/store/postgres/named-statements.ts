/**
 * Named prepared statements on PostgreSQL for the prepared-query shapes (prepared-query.ts).
 * Kysely sends every statement unnamed, so PostgreSQL parses and plans it on every run: the
 * joined read of an action spent about 1 ms planning for 0.4 ms of work (ADR 0029). A text
 * registered here runs under a name derived from it; `pg` then parses it once per connection
 * and afterwards only binds and executes it. Statements not registered (anything built per
 * call) stay unnamed.
 *
 * A connection keeps its statements until it closes. A migration run meanwhile by another
 * process that changes the columns a `select *` shape returns makes PostgreSQL refuse that
 * statement on this connection ("cached plan must not change result type"): that one run fails
 * (and its transaction with it: an operation is retried, a request answered with the error),
 * and the connection prepares the text afresh under a new name for the next run.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';

const names = new Map<string, string>();

/** Runs `text` as a named statement from now on, in every pool that names statements. */
export function registerNamedStatement(text: string): void {
  if (!names.has(text)) names.set(text, `b2b_${createHash('sha1').update(text).digest('base64url').slice(0, 24)}`);
}

type Query = (...args: unknown[]) => unknown;

/** PostgreSQL's refusal of a statement prepared before its tables' columns changed. */
function isStalePlan(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '0A000' && /cached plan/i.test(String(error));
}

/** Makes each new client of `pool` run registered texts by name (Kysely calls `query(text, values)`). */
export function nameStatements(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as Query;
    // Texts this connection had to prepare again under a new name.
    const renamed = new Map<string, string>();
    (client as unknown as { query: Query }).query = (...args: unknown[]) => {
      const [text, values] = args;
      const registered = typeof text === 'string' && args.length === 2 ? names.get(text) : undefined;
      if (registered === undefined) return query(...args);
      const name = renamed.get(text as string) ?? registered;
      return (query({ name, text, values }) as Promise<unknown>).catch((error: unknown) => {
        if (isStalePlan(error)) renamed.set(text as string, `${registered}_${renamed.size + 1}`);
        throw error;
      });
    };
  });
}
