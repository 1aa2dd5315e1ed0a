/**
 * Deploy-time check of a parsed flow as a whole: every connector names an element, every
 * reference a resource (variable, constant, formula, template, element output, screen field,
 * loop) or a known global, every record field a field of its object, every action, invocable,
 * component and subflow something the engine has, with the parameters it takes. The first
 * problem is refused with INVALID_FLOW naming the element and line; nothing is checked at run
 * time that could have been checked here.
 */
import { findAction } from '../actions/catalog.js';
import { auditFields } from '../records/to-api-record.js';
import { findObject } from '../records/registry.js';
import type { FlowExtensions } from './flow-extensions.js';
import {
  findElement,
  findVariable,
  type FlowElement,
  type FlowModel,
  type FlowValue,
  type OutputAssignment,
  type ParameterValue,
} from './flow-model.js';
import { knownGlobals } from './flow-scope.js';
import { evaluateLogic } from './flow-values.js';
import { invalidFlow } from './invalid-flow.js';
import { formulaFunctions, formulaParts, parseFormula } from './parse-formula.js';

export interface ValidationContext {
  readonly extensions: FlowExtensions;
  /** A flow that will exist once this deploy is done (same set, already deployed, or provided). */
  findFlow(apiName: string): FlowModel | null;
}

const storingKinds = new Set(['recordLookup', 'recordCreate', 'actionCall', 'subflow']);

function fieldExists(objectName: string, field: string): boolean {
  const definition = findObject(objectName);
  if (definition === undefined) return false;
  const lower = field.toLowerCase();
  if (lower === 'id' || auditFields.some((audit) => audit.apiName.toLowerCase() === lower)) return true;
  return Object.values(definition.fields).some(
    (candidate) => !candidate.internal && candidate.apiName.toLowerCase() === lower,
  );
}

class FlowChecker {
  private readonly screenFields = new Map<string, string>();

  constructor(
    private readonly model: FlowModel,
    private readonly context: ValidationContext,
  ) {
    for (const element of model.elements.values()) {
      if (element.kind !== 'screen') continue;
      for (const field of element.fields) this.screenFields.set(field.name.toLowerCase(), field.name);
    }
  }

  private connector(owner: string, target: string | null, line: number): void {
    if (target !== null && findElement(this.model, target) === undefined) {
      throw invalidFlow(owner, `connects to ${target}, which is not an element of the flow`, line);
    }
  }

  /** The sObject type a reference's root holds, when it is a record variable. */
  private objectTypeOf(root: string): string | null {
    const variable = findVariable(this.model, root);
    if (variable?.dataType === 'SObject') return variable.objectType;
    const element = findElement(this.model, root);
    if (element?.kind === 'recordLookup') return element.object;
    return null;
  }

  reference(owner: string, reference: string, line: number): void {
    const path = reference.trim().split('.');
    const root = path[0]!;
    if (root.startsWith('$')) {
      if (!knownGlobals.has(path.slice(0, 2).join('.').toLowerCase())) {
        throw invalidFlow(owner, `global ${reference} is not supported`, line);
      }
      return;
    }
    const lower = root.toLowerCase();
    const isResource =
      findVariable(this.model, root) !== undefined ||
      this.model.constants.some((item) => item.name.toLowerCase() === lower) ||
      this.model.formulas.some((item) => item.name.toLowerCase() === lower) ||
      this.model.textTemplates.some((item) => item.name.toLowerCase() === lower) ||
      this.screenFields.has(lower);
    const element = findElement(this.model, root);
    const isElementOutput =
      element !== undefined &&
      (element.kind === 'loop' ||
        (storingKinds.has(element.kind) && 'storeOutputAutomatically' in element && element.storeOutputAutomatically));
    if (!isResource && !isElementOutput)
      throw invalidFlow(owner, `references ${reference}, which does not exist`, line);
    const objectType = this.objectTypeOf(root);
    if (objectType !== null && path.length === 2 && !fieldExists(objectType, path[1]!)) {
      throw invalidFlow(owner, `references ${reference}: ${objectType} has no field ${path[1]}`, line);
    }
  }

  value(owner: string, value: FlowValue, line: number): void {
    if (value.kind === 'reference') this.reference(owner, value.reference, line);
  }

  private text(owner: string, text: string, line: number): void {
    for (const match of text.matchAll(/\{!([^}]+)\}/g)) this.reference(owner, match[1]!, line);
  }

  private object(owner: string, objectName: string, line: number): void {
    if (findObject(objectName) === undefined)
      throw invalidFlow(owner, `sObject type ${objectName} is not supported`, line);
  }

  private field(owner: string, objectName: string, field: string, line: number): void {
    if (!fieldExists(objectName, field)) throw invalidFlow(owner, `${objectName} has no field ${field}`, line);
  }

  private logic(owner: string, logic: string, count: number, line: number): void {
    try {
      evaluateLogic(
        logic,
        Array.from({ length: count }, () => true),
      );
    } catch (error) {
      throw invalidFlow(owner, (error as Error).message, line);
    }
  }

  private names(
    owner: string,
    kind: string,
    given: readonly { name: string; line: number }[],
    allowed: readonly string[],
  ) {
    const known = new Set(allowed.map((name) => name.toLowerCase()));
    for (const item of given) {
      if (!known.has(item.name.toLowerCase()))
        throw invalidFlow(owner, `${kind} ${item.name} does not exist`, item.line);
    }
  }

  private outputs(owner: string, outputs: readonly OutputAssignment[]): void {
    outputs.forEach((output) => this.reference(owner, output.target, output.line));
  }

  private parameters(owner: string, parameters: readonly ParameterValue[]): void {
    parameters.forEach((parameter) => this.value(owner, parameter.value, parameter.line));
  }

  private subflow(
    owner: string,
    flowName: string,
    line: number,
    inputs: readonly ParameterValue[],
    outputs: readonly OutputAssignment[],
  ) {
    const called = this.context.findFlow(flowName);
    if (called === null) throw invalidFlow(owner, `subflow ${flowName} is not deployed`, line);
    this.names(
      owner,
      'input variable',
      inputs,
      called.variables.filter((variable) => variable.isInput).map((variable) => variable.name),
    );
    this.names(
      owner,
      'output variable',
      outputs,
      called.variables.filter((variable) => variable.isOutput).map((variable) => variable.name),
    );
  }

  element(element: FlowElement): void {
    const owner = element.name;
    this.connector(owner, element.connector, element.line);
    if ('faultConnector' in element) this.connector(owner, element.faultConnector, element.line);
    switch (element.kind) {
      case 'assignment':
        for (const item of element.items) {
          this.reference(owner, item.target, item.line);
          this.value(owner, item.value, item.line);
        }
        return;
      case 'decision':
        for (const rule of element.rules) {
          this.connector(`${owner}.${rule.name}`, rule.connector, rule.line);
          this.logic(`${owner}.${rule.name}`, rule.logic, rule.conditions.length, rule.line);
          for (const condition of rule.conditions) {
            this.reference(owner, condition.left, condition.line);
            this.value(owner, condition.right, condition.line);
          }
        }
        return;
      case 'loop':
        this.connector(owner, element.nextValueConnector, element.line);
        this.reference(owner, element.collection, element.line);
        if (element.itemTarget !== null) this.reference(owner, element.itemTarget, element.line);
        return;
      case 'recordLookup':
      case 'recordUpdate':
      case 'recordDelete': {
        const inputReference = element.kind === 'recordLookup' ? null : element.inputReference;
        const usesReference = inputReference !== null;
        if (usesReference) {
          this.reference(owner, inputReference, element.line);
        } else {
          this.object(owner, element.object, element.line);
          this.logic(owner, element.filterLogic, element.filters.length, element.line);
          for (const filter of element.filters) {
            this.field(owner, element.object, filter.field, filter.line);
            this.value(owner, filter.value, filter.line);
          }
        }
        if (element.kind === 'recordUpdate') {
          for (const assignment of element.inputAssignments) {
            if (!usesReference) this.field(owner, element.object, assignment.field, assignment.line);
            this.value(owner, assignment.value, assignment.line);
          }
        }
        if (element.kind === 'recordLookup') {
          element.queriedFields.forEach((field) => this.field(owner, element.object, field, element.line));
          if (element.sortField !== null) this.field(owner, element.object, element.sortField, element.line);
          if (element.outputReference !== null) this.reference(owner, element.outputReference, element.line);
          for (const output of element.outputAssignments) {
            this.field(owner, element.object, output.name, output.line);
            this.reference(owner, output.target, output.line);
          }
        }
        return;
      }
      case 'recordCreate':
        if (element.inputReference !== null) this.reference(owner, element.inputReference, element.line);
        else {
          this.object(owner, element.object ?? '', element.line);
          for (const assignment of element.inputAssignments) {
            this.field(owner, element.object ?? '', assignment.field, assignment.line);
            this.value(owner, assignment.value, assignment.line);
          }
        }
        if (element.assignRecordIdToReference !== null)
          this.reference(owner, element.assignRecordIdToReference, element.line);
        return;
      case 'actionCall':
        this.parameters(owner, element.inputParameters);
        this.outputs(owner, element.outputParameters);
        return this.action(element);
      case 'subflow':
        this.parameters(owner, element.inputAssignments);
        this.outputs(owner, element.outputAssignments);
        return this.subflow(owner, element.flowName, element.line, element.inputAssignments, element.outputAssignments);
      case 'screen':
        for (const field of element.fields) {
          const fieldOwner = `${owner}.${field.name}`;
          this.text(fieldOwner, field.fieldText, field.line);
          this.value(fieldOwner, field.defaultValue, field.line);
          this.parameters(fieldOwner, field.inputParameters);
          this.outputs(fieldOwner, field.outputParameters);
          if (field.fieldType !== 'ComponentInstance') continue;
          const adapter =
            field.extensionName === null ? undefined : this.context.extensions.findScreenAdapter(field.extensionName);
          if (adapter === undefined) {
            throw invalidFlow(
              fieldOwner,
              `screen component ${field.extensionName ?? '(none)'} is not supported`,
              field.line,
            );
          }
          this.names(fieldOwner, 'input parameter', field.inputParameters, adapter.inputParameters);
          this.names(fieldOwner, 'output parameter', field.outputParameters, adapter.outputParameters);
        }
        return;
    }
  }

  private action(element: Extract<FlowElement, { kind: 'actionCall' }>): void {
    const owner = element.name;
    const type = element.actionType.toLowerCase();
    if (type === 'flow') {
      return this.subflow(owner, element.actionName, element.line, element.inputParameters, element.outputParameters);
    }
    if (type === 'apex') {
      const invocable = this.context.extensions.findInvocable(element.actionName);
      if (invocable === undefined)
        throw invalidFlow(owner, `Apex action ${element.actionName} is not registered`, element.line);
      this.names(owner, 'input parameter', element.inputParameters, invocable.inputs);
      this.names(owner, 'output parameter', element.outputParameters, invocable.outputs);
      return;
    }
    const action = findAction(element.actionName);
    const matchesType =
      action !== undefined && [action.name, ...action.aliases].some((name) => name.toLowerCase() === type);
    if (action === undefined || !matchesType) {
      throw invalidFlow(
        owner,
        `action type ${element.actionType} (${element.actionName}) is not supported`,
        element.line,
      );
    }
    this.names(
      owner,
      'input parameter',
      element.inputParameters,
      action.inputs.map((input) => input.name),
    );
    this.names(
      owner,
      'output parameter',
      element.outputParameters,
      action.outputs.map((output) => output.name),
    );
  }

  resources(): void {
    for (const variable of this.model.variables) {
      if (
        variable.dataType === 'SObject' &&
        (variable.objectType === null || findObject(variable.objectType) === undefined)
      ) {
        throw invalidFlow(
          variable.name,
          `sObject type ${variable.objectType ?? '(none)'} is not supported`,
          variable.line,
        );
      }
      this.value(variable.name, variable.defaultValue, variable.line);
    }
    for (const constant of this.model.constants) this.value(constant.name, constant.value, constant.line);
    for (const template of this.model.textTemplates) this.text(template.name, template.text, template.line);
    for (const formula of this.model.formulas) {
      let parts: ReturnType<typeof formulaParts>;
      try {
        parts = formulaParts(parseFormula(formula.expression));
      } catch (error) {
        throw invalidFlow(formula.name, `formula: ${(error as Error).message}`, formula.line);
      }
      const unknown = parts.functions.find((name) => !formulaFunctions.has(name));
      if (unknown !== undefined)
        throw invalidFlow(formula.name, `formula function ${unknown} is not supported`, formula.line);
      parts.references.forEach((reference) => this.reference(formula.name, reference, formula.line));
    }
  }
}

export function validateFlow(model: FlowModel, context: ValidationContext): void {
  if (model.start === null) throw invalidFlow('start', 'the flow has no start element', model.startLine);
  const checker = new FlowChecker(model, context);
  if (findElement(model, model.start) === undefined) {
    throw invalidFlow('start', `connects to ${model.start}, which is not an element of the flow`, model.startLine);
  }
  checker.resources();
  for (const element of model.elements.values()) checker.element(element);
}
