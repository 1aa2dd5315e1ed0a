/**
 * Hot statements built and compiled once per dialect, then run with new values. Building a
 * query with Kysely's builder and compiling it to SQL was over a third of a checkout's CPU time
 * (a profile of `npm run bench -- --profile`, ADR 0028); a checkout sends the same few dozen
 * shapes over and over. `prepareQuery` builds the query once with placeholder values, keeps
 * the SQL and where each named value goes, and later only fills in the parameter list.
 *
 * Only scalar values can be named (a list would change the SQL's shape); anything else the
 * builder inlines or binds stays as it was built. On PostgreSQL each shape also runs as a named
 * prepared statement (postgres/named-statements.ts, ADR 0029).
 */
import { CompiledQuery, type Compilable, type Kysely, type QueryResult, type RawBuilder } from 'kysely';
import type { Database } from '../records/registry.js';
import type { Dialect } from './database.js';
import { dialectOf } from './database-now.js';
import { directConnectionOf } from './direct-statements.js';
import { registerNamedStatement } from './postgres/named-statements.js';

type Slot = { readonly name: string } | { readonly value: unknown };

interface Compiled {
  readonly sql: string;
  readonly slots: readonly Slot[];
}

const markerPrefix = '\u0000prepared:';

/** The stand-in for a named value while a prepared query is built (a scalar, never a list). */
export function placeholder<T>(name: string): T {
  return `${markerPrefix}${name}` as T;
}

/** The values every prepared write of a record's audit columns names. */
export type AuditValues = { actorId: string; now: string };

/** The audit columns of a prepared update, filled in from the named `actorId` and `now`. */
export function touchedBy<P extends AuditValues>(value: <K extends keyof P & string>(name: K) => P[K]) {
  return { last_modified_date: value('now'), last_modified_by_id: value('actorId'), system_modstamp: value('now') };
}

export interface PreparedQuery<P, R> {
  execute(db: Kysely<Database>, values: P): Promise<QueryResult<R>>;
}

export function prepareQuery<P extends Record<string, unknown>, R>(
  build: (db: Kysely<Database>, value: <K extends keyof P & string>(name: K) => P[K]) => Compilable<R> | RawBuilder<R>,
): PreparedQuery<P, R> {
  const compiledByDialect = new Map<Dialect, Compiled>();
  const compile = (db: Kysely<Database>): Compiled => {
    const built = build(db, (name) => placeholder(name));
    const { sql, parameters } = 'isRawBuilder' in built ? built.compile(db) : built.compile();
    const slots = parameters.map((parameter): Slot =>
      typeof parameter === 'string' && parameter.startsWith(markerPrefix)
        ? { name: parameter.slice(markerPrefix.length) }
        : { value: parameter },
    );
    return { sql, slots };
  };
  return {
    execute(db, values) {
      const dialect = dialectOf(db);
      let compiled = compiledByDialect.get(dialect);
      if (compiled === undefined) {
        compiled = compile(db);
        compiledByDialect.set(dialect, compiled);
        // PostgreSQL plans it once per connection instead of on every run.
        if (dialect === 'postgres') registerNamedStatement(compiled.sql);
      }
      const parameters = compiled.slots.map((slot) => ('name' in slot ? (values[slot.name] ?? null) : slot.value));
      const direct = directConnectionOf(db);
      if (direct !== undefined) {
        try {
          return Promise.resolve(direct.run<R>(compiled.sql, parameters));
        } catch (error) {
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
      }
      return db.executeQuery<R>(CompiledQuery.raw(compiled.sql, parameters));
    },
  };
}
