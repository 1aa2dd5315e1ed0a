/**
 * SOQL queries: `GET .../query?q=` and `GET .../query/{locator}` for further pages. The query
 * module parses and runs; this route adds the caller's visibility to every object the query
 * touches (SPEC.md section 6), so a buyer's query sees exactly the rows and fields its record
 * reads see.
 */
import type { FastifyInstance } from 'fastify';
import { mayReadField, visibilityOf } from '../access/record-visibility.js';
import { describeQueryColumns } from '../query/describe-query-columns.js';
import { runQuery, runQueryMore } from '../query/run-query.js';
import type { Store } from '../store/database.js';
import { ApiError } from './api-error.js';
import { apiVersionOf } from './api-versions.js';
import { callerOf } from './authenticate.js';

/** `budgetMs`: the time budget of one page (QUERY_TIMEOUT past it). */
export function registerQueryRoutes(app: FastifyInstance, store: Store, budgetMs: number): void {
  const optionsOf = (request: Parameters<typeof callerOf>[0]) => {
    const caller = callerOf(request);
    // Salesforce's page size header: `Sforce-Query-Options: batchSize=500`.
    const batchSize = /batchSize=(\d+)/i.exec(String(request.headers['sforce-query-options'] ?? ''))?.[1];
    return {
      apiVersion: apiVersionOf(request),
      userId: caller.userId,
      budgetMs,
      ...(batchSize === undefined ? {} : { batchSize: Number(batchSize) }),
      restrict: (definition: Parameters<typeof visibilityOf>[1], alias: string) =>
        visibilityOf(caller, definition, alias),
      isFieldReadable: (definition: Parameters<typeof mayReadField>[1], column: string) =>
        mayReadField(caller, definition, column),
    };
  };

  app.get<{ Querystring: { q?: unknown; columns?: unknown } }>('/services/data/:version/query', (request) => {
    const { q } = request.query;
    if (typeof q !== 'string' || q.trim() === '') {
      throw new ApiError('MALFORMED_QUERY', 400, 'The q parameter must hold a SOQL query', ['q']);
    }
    const options = optionsOf(request);
    // The Salesforce CLI asks what the columns are before laying out its table.
    if (request.query.columns === 'true') return describeQueryColumns(q, options.restrict, options.isFieldReadable);
    return runQuery(store, q, options);
  });

  app.get<{ Params: { locator: string } }>('/services/data/:version/query/:locator', (request) =>
    runQueryMore(store, request.params.locator, optionsOf(request)),
  );
}
