/**
 * Counts what the engine sends to the database, from the store's `onQuery` hook: statements,
 * explicit transactions (BEGIN), and writes outside one (each its own implicit transaction).
 * Meant for checkouts run one at a time on SQLite, where the single connection makes the
 * statement stream serial, so "inside a transaction" is a plain flag.
 */

export interface StatementCount {
  statements: number;
  explicitTransactions: number;
  autocommitWrites: number;
  autocommitReads: number;
  /** Statement shapes (SQL text without values) by count, to spot N+1 loops. */
  readonly byShape: Map<string, number>;
}

export interface StatementCounter {
  readonly onQuery: (query: { readonly sql: string }) => void;
  /** Counts since the last reset. */
  snapshot(): StatementCount;
  reset(): void;
}

const writePattern = /^\s*(insert|update|delete|replace)\b/i;

export function createStatementCounter(): StatementCounter {
  let isInTransaction = false;
  let count: StatementCount;
  const reset = () => {
    count = { statements: 0, explicitTransactions: 0, autocommitWrites: 0, autocommitReads: 0, byShape: new Map() };
  };
  reset();
  return {
    onQuery({ sql }) {
      const text = sql.trim().toLowerCase();
      count.statements += 1;
      count.byShape.set(sql, (count.byShape.get(sql) ?? 0) + 1);
      if (text.startsWith('begin')) {
        isInTransaction = true;
        count.explicitTransactions += 1;
      } else if (text === 'commit' || text === 'rollback') {
        isInTransaction = false;
      } else if (!isInTransaction) {
        if (writePattern.test(text)) count.autocommitWrites += 1;
        else count.autocommitReads += 1;
      }
    },
    snapshot: () => count,
    reset,
  };
}
