/**
 * `query?q=…&columns=true`: what a query would return, column by column, in the shape
 * Salesforce answers it (`columnMetadata`, parent fields as `joinColumns` of their
 * relationship), without reading a row. The Salesforce CLI's `sf data query` asks it to lay out
 * its table. The query is checked as a whole, with the same errors and the same field
 * visibility as when it runs.
 */
import type { FieldKind } from '../records/fields.js';
import type { ObjectDef } from '../records/object.js';
import { checkQueryLimits } from './check-query-limits.js';
import { compileSoql, type RestrictRows } from './compile-soql.js';
import { parseSoql } from './parse-soql.js';
import type { IsFieldReadable, QueryField } from './resolve-field-path.js';

export interface QueryColumn {
  readonly aggregate: boolean;
  readonly apexType: string | null;
  readonly booleanType: boolean;
  readonly columnName: string;
  readonly custom: boolean;
  readonly displayName: string;
  readonly foreignKeyName: string | null;
  readonly insertable: boolean;
  readonly joinColumns: QueryColumn[];
  readonly numberType: boolean;
  readonly textType: boolean;
  readonly updatable: boolean;
}

export interface QueryColumns {
  readonly columnMetadata: QueryColumn[];
  readonly entityName: string;
  readonly groupBy: boolean;
  readonly idSelected: boolean;
  readonly keyPrefix: string;
}

const apexTypes: Record<FieldKind, string> = {
  string: 'String',
  textarea: 'String',
  email: 'String',
  picklist: 'String',
  reference: 'Id',
  boolean: 'Boolean',
  int: 'Integer',
  double: 'Double',
  currency: 'Decimal',
  quantity: 'Double',
  date: 'Date',
  datetime: 'Datetime',
};

const numberKinds: ReadonlySet<FieldKind> = new Set(['int', 'double', 'currency', 'quantity']);
const textKinds: ReadonlySet<FieldKind> = new Set(['string', 'textarea', 'email', 'picklist']);

function columnOf(owner: ObjectDef, field: QueryField, displayName: string): QueryColumn {
  const definition = owner.fields[field.column];
  return {
    aggregate: false,
    apexType: apexTypes[field.kind],
    booleanType: field.kind === 'boolean',
    columnName: field.apiName,
    custom: field.apiName.endsWith('__c'),
    displayName,
    foreignKeyName: null,
    insertable: definition?.createable === true && owner.isReadOnly !== true,
    joinColumns: [],
    numberType: numberKinds.has(field.kind),
    textType: textKinds.has(field.kind),
    updatable: definition?.updateable === true && owner.isReadOnly !== true,
  };
}

function relationshipColumn(name: string): QueryColumn {
  return {
    aggregate: false,
    apexType: null,
    booleanType: false,
    columnName: name,
    custom: name.endsWith('__r'),
    displayName: name,
    foreignKeyName: null,
    insertable: false,
    joinColumns: [],
    numberType: false,
    textType: false,
    updatable: false,
  };
}

export function describeQueryColumns(
  soql: string,
  restrict?: RestrictRows,
  isReadable?: IsFieldReadable,
): QueryColumns {
  const parsed = parseSoql(soql);
  checkQueryLimits(parsed);
  const compiled = compileSoql(parsed, restrict, isReadable);
  const columnMetadata: QueryColumn[] = [];
  // A relationship's fields gather under it, where it first appears.
  const relationships = new Map<string, QueryColumn>();
  for (const { field, parent } of compiled.columns) {
    if (parent === null) {
      columnMetadata.push(columnOf(compiled.root, field, field.apiName));
      continue;
    }
    const { name, target } = parent.relationship;
    let relationship = relationships.get(name);
    if (relationship === undefined) {
      relationship = relationshipColumn(name);
      relationships.set(name, relationship);
      columnMetadata.push(relationship);
    }
    relationship.joinColumns.push(columnOf(target, field, `${name}.${field.apiName}`));
  }
  return {
    columnMetadata,
    entityName: compiled.root.name,
    groupBy: false,
    idSelected: compiled.columns.some(({ field, parent }) => parent === null && field.apiName === 'Id'),
    keyPrefix: compiled.root.keyPrefix,
  };
}
