/**
 * Reading and writing a frame's resources by reference (`name`, `name.Field`, `$Flow.…`,
 * `$GlobalConstant.…`, `$User.Id`), evaluating `<value>`s, formulas and merge-field text. Names
 * resolve case-insensitively; a value is typed by the variable it is assigned to.
 */
import type { Caller } from '../access/caller.js';
import { evaluateFormula } from './evaluate-formula.js';
import { findVariable, type FlowModel, type FlowValue } from './flow-model.js';
import { fieldKeyOf, isRecord, readField, textOf, typeValue } from './flow-values.js';
import type { FlowFrame } from './interview-state.js';
import { parseFormula, type FormulaNode } from './parse-formula.js';

export interface FlowScope {
  readonly model: FlowModel;
  readonly frame: FlowFrame;
  readonly caller: Caller;
}

const formulaCache = new Map<string, FormulaNode>();

function parsedFormula(expression: string): FormulaNode {
  let node = formulaCache.get(expression);
  if (node === undefined) {
    node = parseFormula(expression);
    if (formulaCache.size > 1_000) formulaCache.clear();
    formulaCache.set(expression, node);
  }
  return node;
}

function readGlobal(scope: FlowScope, path: string[]): unknown {
  const [root, name] = path.map((part) => part.toLowerCase());
  if (root === '$flow' && name === 'faultmessage') return scope.frame.faultMessage;
  if (root === '$flow' && name === 'currentdatetime') return new Date().toISOString();
  if (root === '$flow' && name === 'currentdate') return new Date().toISOString().slice(0, 10);
  if (root === '$globalconstant' && name === 'true') return true;
  if (root === '$globalconstant' && name === 'false') return false;
  if (root === '$globalconstant' && name === 'emptystring') return '';
  if (root === '$user' && name === 'id') return scope.caller.userId;
  return null;
}

/** The names of the globals this engine knows (validate-flow.ts refuses the others). */
export const knownGlobals = new Set([
  '$flow.faultmessage',
  '$flow.currentdatetime',
  '$flow.currentdate',
  '$globalconstant.true',
  '$globalconstant.false',
  '$globalconstant.emptystring',
  '$user.id',
]);

function readRoot(scope: FlowScope, root: string): unknown {
  const lower = root.toLowerCase();
  if (lower in scope.frame.values) return scope.frame.values[lower];
  const constant = scope.model.constants.find((item) => item.name.toLowerCase() === lower);
  if (constant !== undefined) return typeValue(constant.dataType, evaluateValue(scope, constant.value));
  const formula = scope.model.formulas.find((item) => item.name.toLowerCase() === lower);
  if (formula !== undefined) {
    const value = evaluateFormula(parsedFormula(formula.expression), (name) => readReference(scope, name));
    return typeValue(formula.dataType, value);
  }
  const template = scope.model.textTemplates.find((item) => item.name.toLowerCase() === lower);
  if (template !== undefined) return mergeText(scope, template.text);
  return null;
}

export function readReference(scope: FlowScope, reference: string): unknown {
  const path = reference.trim().split('.');
  if (path[0]!.startsWith('$')) return readGlobal(scope, path);
  let value = readRoot(scope, path[0]!);
  for (const field of path.slice(1)) {
    if (!isRecord(value)) return null;
    value = readField(value, field);
  }
  return value === undefined ? null : value;
}

export function evaluateValue(scope: FlowScope, value: FlowValue): unknown {
  switch (value.kind) {
    case 'none':
      return null;
    case 'reference':
      return readReference(scope, value.reference);
    case 'string':
      return value.text;
    case 'number':
      return value.text === '' ? null : Number(value.text);
    case 'boolean':
      return value.text === 'true';
    default:
      return value.text === '' ? null : value.text;
  }
}

/** Assigns to `name` (typed by its variable) or to `name.Field` of a record variable. */
export function assignReference(scope: FlowScope, target: string, value: unknown): void {
  const path = target.trim().split('.');
  const root = path[0]!.toLowerCase();
  if (path.length === 1) {
    const variable = findVariable(scope.model, root);
    const isCollection = variable?.isCollection === true;
    scope.frame.values[root] = variable === undefined || isCollection ? value : typeValue(variable.dataType, value);
    return;
  }
  let record = scope.frame.values[root];
  if (!isRecord(record)) {
    const objectType = findVariable(scope.model, root)?.objectType;
    record = objectType === null || objectType === undefined ? {} : { attributes: { type: objectType } };
    scope.frame.values[root] = record;
  }
  let holder = record as Record<string, unknown>;
  for (const field of path.slice(1, -1)) {
    const key = fieldKeyOf(holder, field);
    if (!isRecord(holder[key])) holder[key] = {};
    holder = holder[key] as Record<string, unknown>;
  }
  holder[fieldKeyOf(holder, path.at(-1)!)] = value;
}

/** Text with its merge fields `{!name.Field}` replaced (null merges as empty). */
export function mergeText(scope: FlowScope, text: string): string {
  return text.replace(/\{!([^}]+)\}/g, (_, reference: string) => {
    const value = readReference(scope, reference);
    return textOf(value);
  });
}

/** A new frame's values: input values given, the other variables at their defaults. */
export function initializeVariables(scope: FlowScope, inputs: Readonly<Record<string, unknown>>): void {
  const given = new Map(Object.entries(inputs).map(([name, value]) => [name.toLowerCase(), value]));
  for (const variable of scope.model.variables) {
    const lower = variable.name.toLowerCase();
    const value = variable.isInput && given.has(lower) ? given.get(lower) : evaluateValue(scope, variable.defaultValue);
    scope.frame.values[lower] = variable.isCollection ? (value ?? null) : typeValue(variable.dataType, value);
  }
}

/** The output variables' values of a finished frame, by their names as declared. */
export function outputValuesOf(scope: FlowScope): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  for (const variable of scope.model.variables) {
    if (variable.isOutput) outputs[variable.name] = scope.frame.values[variable.name.toLowerCase()] ?? null;
  }
  return outputs;
}
