/**
 * A page row → the record Salesforce returns for a query: `attributes` first, then the
 * selected fields in the order of the SELECT list, with their canonical API names and API
 * values (as `toApiRecord` gives them). Parent fields nest under the relationship name, which
 * is null when the reference is empty or names a parent the caller may not see.
 */
import { recordUrl, toApiValue } from '../records/to-api-record.js';
import { rootIdAlias, type CompiledSoql } from './compile-soql.js';

export function toQueryRecord(
  compiled: CompiledSoql,
  row: Record<string, unknown>,
  apiVersion: string,
): Record<string, unknown> {
  const record: Record<string, unknown> = {
    attributes: { type: compiled.root.name, url: recordUrl(compiled.root, row[rootIdAlias] as string, apiVersion) },
  };
  for (const column of compiled.columns) {
    const value = toApiValue(column.field, row[column.alias]);
    if (column.parent === null) {
      record[column.field.apiName] = value;
      continue;
    }
    const { relationship, idAlias } = column.parent;
    const parentId = row[idAlias];
    if (parentId === null || parentId === undefined) {
      record[relationship.name] = null;
      continue;
    }
    let parent = record[relationship.name] as Record<string, unknown> | undefined;
    if (parent === undefined) {
      parent = {
        attributes: {
          type: relationship.target.name,
          url: recordUrl(relationship.target, parentId as string, apiVersion),
        },
      };
      record[relationship.name] = parent;
    }
    parent[column.field.apiName] = value;
  }
  return record;
}
