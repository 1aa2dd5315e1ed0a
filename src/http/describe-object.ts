/**
 * sObject describe from the registry, in Salesforce's shape: object flags (for this caller),
 * then every API field — Id, the object's fields, the audit fields — with its type, length,
 * nillability, writability, reference target and picklist values.
 */
import type { Caller } from '../access/caller.js';
import { mayWriteField } from '../access/field-write-rules.js';
import { mayReadField, mayWriteObject } from '../access/record-visibility.js';
import type { FieldDef, FieldKind } from '../records/fields.js';
import type { ObjectDef } from '../records/object.js';
import { apiFields } from '../records/registry.js';
import { auditFields } from '../records/to-api-record.js';

const soapTypes: Record<FieldKind | 'id', string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  email: 'xsd:string',
  picklist: 'xsd:string',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  quantity: 'xsd:double',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
};

interface FieldShape {
  readonly apiName: string;
  readonly label: string;
  readonly kind: FieldKind | 'id';
  readonly length?: number;
  readonly nillable: boolean;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly referenceTo?: string;
  readonly picklist?: readonly string[];
  readonly defaultValue?: string | number | boolean;
}

function describeField(field: FieldShape) {
  const isText = ['string', 'textarea', 'email', 'picklist', 'reference', 'id'].includes(field.kind);
  const length = isText ? (field.length ?? 18) : 0;
  return {
    name: field.apiName,
    label: field.label,
    // Salesforce describes quantities as doubles; ours keep 4 decimals exactly.
    type: field.kind === 'quantity' ? 'double' : field.kind,
    soapType: soapTypes[field.kind],
    length,
    byteLength: length * 3,
    precision: field.kind === 'currency' || field.kind === 'quantity' ? 18 : 0,
    scale: field.kind === 'currency' ? 2 : field.kind === 'quantity' ? 4 : 0,
    digits: field.kind === 'int' ? 18 : 0,
    nillable: field.nillable,
    createable: field.createable,
    updateable: field.updateable,
    defaultedOnCreate: field.defaultValue !== undefined,
    defaultValue: field.defaultValue ?? null,
    referenceTo: field.referenceTo === undefined ? [] : [field.referenceTo],
    relationshipName: field.kind === 'reference' ? field.apiName.replace(/Id$/, '') : null,
    restrictedPicklist: field.picklist !== undefined,
    picklistValues: (field.picklist ?? []).map((value) => ({
      active: true,
      defaultValue: value === field.defaultValue,
      label: value,
      validFor: null,
      value,
    })),
    filterable: true,
    sortable: field.kind !== 'textarea',
    custom: false,
  };
}

/**
 * The API fields of an object; with a caller, only those it may read, and `createable`/
 * `updateable` say what that caller may write (src/access/field-write-rules.ts) — the same
 * rules the sObject API enforces.
 */
export function fieldShapesOf(definition: ObjectDef, caller: Caller | null = null): FieldShape[] {
  const idField: FieldShape = {
    apiName: 'Id',
    label: `${definition.label} ID`,
    kind: 'id',
    length: 18,
    nillable: false,
    createable: false,
    updateable: false,
  };
  const own = apiFields(definition)
    .filter(([column, field]) => !field.readable || caller === null || mayReadField(caller, definition, column))
    .map(([column, field]: [string, FieldDef]) => ({
      ...field,
      createable:
        caller === null
          ? field.createable && definition.isReadOnly !== true
          : mayWriteObject(caller, definition) && mayWriteField(caller, definition, column, 'create'),
      updateable:
        caller === null
          ? field.updateable && definition.isReadOnly !== true
          : mayWriteObject(caller, definition) && mayWriteField(caller, definition, column, 'update'),
    }));
  const audit = auditFields.map((field) => ({
    apiName: field.apiName,
    label: field.apiName.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/ Id$/, ' ID'),
    kind: field.kind,
    nillable: false,
    createable: false,
    updateable: false,
    ...(field.kind === 'reference' ? { length: 18, referenceTo: 'User' } : {}),
  }));
  return [idField, ...own, ...audit];
}

function urlsOf(definition: ObjectDef, apiVersion: string) {
  const base = `/services/data/v${apiVersion}/sobjects/${definition.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

/** The object-level summary listed by `GET .../sobjects`; flags for `caller` when given. */
export function summarizeObject(definition: ObjectDef, caller: Caller | null, apiVersion: string) {
  const isWritable = caller === null ? definition.isReadOnly !== true : mayWriteObject(caller, definition);
  return {
    name: definition.name,
    label: definition.label,
    labelPlural: `${definition.label}s`,
    keyPrefix: definition.keyPrefix,
    createable: isWritable && definition.name !== 'CartCheckoutSession',
    updateable: isWritable,
    deletable: isWritable && definition.name !== 'CartCheckoutSession',
    queryable: true,
    retrieveable: true,
    searchable: false,
    custom: false,
    urls: urlsOf(definition, apiVersion),
  };
}

export function describeObject(definition: ObjectDef, caller: Caller | null, apiVersion: string) {
  return {
    ...summarizeObject(definition, caller, apiVersion),
    fields: fieldShapesOf(definition, caller).map(describeField),
    childRelationships: [],
    recordTypeInfos: [],
  };
}
