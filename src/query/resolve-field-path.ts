/**
 * Field names of a query → registry fields. Only the registry names columns and tables in the
 * SQL we build, so no text of the query ever reaches SQL as an identifier. Names match
 * case-insensitively, as in SOQL; internal fields (hashes, leases) do not exist for queries,
 * nor do fields the caller may not read (`isReadable`), wherever the query names them.
 */
import type { FieldKind } from '../records/fields.js';
import type { ObjectDef } from '../records/object.js';
import { findObject } from '../records/registry.js';
import { auditFields } from '../records/to-api-record.js';
import type { SoqlFieldPath } from './soql-ast.js';
import { queryError } from './query-error.js';

/** Field-level visibility: whether the caller may read this field (by column) of `definition`. */
export type IsFieldReadable = (definition: ObjectDef, column: string) => boolean;

export interface QueryField {
  readonly apiName: string;
  readonly column: string;
  /** `Id` itself is a `reference` here: it compares as an id but leads to no parent. */
  readonly kind: FieldKind;
}

/** A parent reached through a reference field: `WebCart` through `WebCartId`. */
export interface QueryRelationship {
  readonly name: string;
  readonly field: QueryField;
  readonly target: ObjectDef;
}

export interface ResolvedField {
  readonly field: QueryField;
  /** Null for a field of the queried object itself. */
  readonly relationship: QueryRelationship | null;
}

interface ObjectIndex {
  readonly fields: ReadonlyMap<string, QueryField>;
  readonly relationships: ReadonlyMap<string, QueryRelationship>;
}

const indexes = new WeakMap<ObjectDef, ObjectIndex>();

function indexOf(definition: ObjectDef): ObjectIndex {
  const cached = indexes.get(definition);
  if (cached !== undefined) return cached;
  const fields = new Map<string, QueryField>();
  const relationships = new Map<string, QueryRelationship>();
  const add = (field: QueryField, referenceTo: string | undefined) => {
    fields.set(field.apiName.toLowerCase(), field);
    const target = referenceTo === undefined ? undefined : findObject(referenceTo);
    // The relationship name is the field's API name without its `Id` suffix, as in Salesforce.
    if (target !== undefined && /.Id$/.test(field.apiName)) {
      const name = field.apiName.slice(0, -2);
      relationships.set(name.toLowerCase(), { name, field, target });
    }
  };
  add({ apiName: 'Id', column: 'id', kind: 'reference' }, undefined);
  for (const audit of auditFields) {
    add(
      { apiName: audit.apiName, column: audit.column, kind: audit.kind },
      audit.kind === 'reference' ? 'User' : undefined,
    );
  }
  for (const [column, field] of Object.entries(definition.fields)) {
    if (!field.readable) continue;
    add({ apiName: field.apiName, column, kind: field.kind }, field.referenceTo);
  }
  const index = { fields, relationships };
  indexes.set(definition, index);
  return index;
}

function fieldOf(
  definition: ObjectDef,
  name: string,
  path: SoqlFieldPath,
  isReadable: IsFieldReadable | undefined,
): QueryField {
  const field = indexOf(definition).fields.get(name.toLowerCase());
  if (field === undefined || isReadable?.(definition, field.column) === false) {
    throw queryError('INVALID_FIELD', `No such column '${name}' on entity '${definition.name}'`, path.at, [name]);
  }
  return field;
}

export function resolveFieldPath(root: ObjectDef, path: SoqlFieldPath, isReadable?: IsFieldReadable): ResolvedField {
  const [first, second, ...rest] = path.names;
  if (second === undefined) return { field: fieldOf(root, first!, path, isReadable), relationship: null };
  const relationship = indexOf(root).relationships.get(first!.toLowerCase());
  if (relationship === undefined || rest.length > 0) {
    const detail = relationship === undefined ? '' : '; parent fields go one level deep only';
    throw queryError(
      'INVALID_FIELD',
      `Didn't understand relationship '${relationship === undefined ? first : path.names.slice(0, -1).join('.')}' in field path${detail}`,
      path.at,
      [path.names.join('.')],
    );
  }
  return { field: fieldOf(relationship.target, second, path, isReadable), relationship };
}
