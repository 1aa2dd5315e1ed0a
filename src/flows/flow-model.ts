/**
 * The typed model of one flow (Salesforce Flow metadata), as parse-flow.ts builds it from XML
 * and validate-flow.ts checks it. Values stay as the text the XML holds until the interpreter
 * types them by the variable or field they go to (flow-values.ts). Every element keeps its
 * line, for the messages of deploy-time refusals and run-time faults.
 */

export type FlowProcessType = 'CheckoutFlow' | 'AutoLaunchedFlow' | 'Flow';

export const flowDataTypes = ['String', 'Boolean', 'Number', 'Currency', 'Date', 'DateTime', 'SObject'] as const;
export type FlowDataType = (typeof flowDataTypes)[number];

/** A `<value>` (or `<rightValue>`, `<defaultValue>`): one literal, or a reference, or nothing. */
export type FlowValue =
  | { readonly kind: 'string' | 'number' | 'boolean' | 'date' | 'dateTime'; readonly text: string }
  | { readonly kind: 'reference'; readonly reference: string }
  | { readonly kind: 'none' };

export interface FlowResource {
  readonly name: string;
  readonly line: number;
}

export interface FlowVariable extends FlowResource {
  readonly dataType: FlowDataType;
  readonly isCollection: boolean;
  readonly isInput: boolean;
  readonly isOutput: boolean;
  /** The sObject type of an SObject variable. */
  readonly objectType: string | null;
  readonly defaultValue: FlowValue;
}

export interface FlowConstant extends FlowResource {
  readonly dataType: FlowDataType;
  readonly value: FlowValue;
}

export interface FlowFormula extends FlowResource {
  readonly dataType: FlowDataType;
  readonly expression: string;
}

export interface FlowTextTemplate extends FlowResource {
  readonly text: string;
}

export const comparisonOperators = [
  'EqualTo',
  'NotEqualTo',
  'IsNull',
  'GreaterThan',
  'GreaterThanOrEqualTo',
  'LessThan',
  'LessThanOrEqualTo',
  'Contains',
  'StartsWith',
  'EndsWith',
] as const;
export type ComparisonOperator = (typeof comparisonOperators)[number];

export interface FlowCondition {
  readonly left: string;
  readonly operator: ComparisonOperator;
  readonly right: FlowValue;
  readonly line: number;
}

/** `and`, `or`, or custom logic such as `1 AND (2 OR 3)`. */
export type ConditionLogic = string;

export interface DecisionRule {
  readonly name: string;
  readonly logic: ConditionLogic;
  readonly conditions: readonly FlowCondition[];
  readonly connector: string | null;
  readonly line: number;
}

export interface RecordFilter {
  readonly field: string;
  readonly operator: ComparisonOperator;
  readonly value: FlowValue;
  readonly line: number;
}

export interface FieldAssignment {
  readonly field: string;
  readonly value: FlowValue;
  readonly line: number;
}

export interface ParameterValue {
  readonly name: string;
  readonly value: FlowValue;
  readonly line: number;
}

export interface OutputAssignment {
  /** The output parameter (or field) name. */
  readonly name: string;
  /** Where it goes: a variable or `variable.Field`. */
  readonly target: string;
  readonly line: number;
}

export const assignmentOperators = ['Assign', 'Add', 'Subtract'] as const;
export type AssignmentOperator = (typeof assignmentOperators)[number];

interface ElementBase {
  readonly name: string;
  readonly label: string;
  readonly line: number;
  readonly connector: string | null;
}

interface FaultingElement {
  readonly faultConnector: string | null;
}

export interface AssignmentElement extends ElementBase {
  readonly kind: 'assignment';
  readonly items: readonly { target: string; operator: AssignmentOperator; value: FlowValue; line: number }[];
}

export interface DecisionElement extends ElementBase {
  readonly kind: 'decision';
  readonly rules: readonly DecisionRule[];
}

export interface LoopElement extends ElementBase {
  readonly kind: 'loop';
  readonly collection: string;
  readonly isAscending: boolean;
  /** Older flows copy the item into a variable; newer ones read it as `{!LoopName}`. */
  readonly itemTarget: string | null;
  readonly nextValueConnector: string | null;
  /** `connector` of the model is the no-more-values connector. */
}

export interface RecordQuery {
  readonly object: string;
  readonly filters: readonly RecordFilter[];
  readonly filterLogic: ConditionLogic;
}

export interface RecordLookupElement extends ElementBase, FaultingElement, RecordQuery {
  readonly kind: 'recordLookup';
  readonly getFirstRecordOnly: boolean;
  readonly queriedFields: readonly string[];
  readonly sortField: string | null;
  readonly sortOrder: 'Asc' | 'Desc' | null;
  readonly outputReference: string | null;
  readonly outputAssignments: readonly OutputAssignment[];
  readonly storeOutputAutomatically: boolean;
  readonly assignNullValuesIfNoRecordsFound: boolean;
}

export interface RecordCreateElement extends ElementBase, FaultingElement {
  readonly kind: 'recordCreate';
  readonly object: string | null;
  readonly inputReference: string | null;
  readonly inputAssignments: readonly FieldAssignment[];
  readonly assignRecordIdToReference: string | null;
  readonly storeOutputAutomatically: boolean;
}

export interface RecordUpdateElement extends ElementBase, FaultingElement, RecordQuery {
  readonly kind: 'recordUpdate';
  readonly inputReference: string | null;
  readonly inputAssignments: readonly FieldAssignment[];
}

export interface RecordDeleteElement extends ElementBase, FaultingElement, RecordQuery {
  readonly kind: 'recordDelete';
  readonly inputReference: string | null;
}

export interface ActionCallElement extends ElementBase, FaultingElement {
  readonly kind: 'actionCall';
  readonly actionName: string;
  /** A core action's name, `apex` or `flow`. */
  readonly actionType: string;
  readonly inputParameters: readonly ParameterValue[];
  readonly outputParameters: readonly OutputAssignment[];
  readonly storeOutputAutomatically: boolean;
}

export interface SubflowElement extends ElementBase {
  readonly kind: 'subflow';
  readonly flowName: string;
  readonly inputAssignments: readonly ParameterValue[];
  readonly outputAssignments: readonly OutputAssignment[];
  readonly storeOutputAutomatically: boolean;
}

export const screenFieldTypes = ['DisplayText', 'InputField', 'ComponentInstance'] as const;
export type ScreenFieldType = (typeof screenFieldTypes)[number];

export interface ScreenField {
  readonly name: string;
  readonly fieldType: ScreenFieldType;
  /** DisplayText: the HTML with merge fields; InputField: the label. */
  readonly fieldText: string;
  readonly dataType: FlowDataType | null;
  readonly isRequired: boolean;
  readonly defaultValue: FlowValue;
  readonly extensionName: string | null;
  readonly inputParameters: readonly ParameterValue[];
  readonly outputParameters: readonly OutputAssignment[];
  readonly storeOutputAutomatically: boolean;
  readonly line: number;
}

export interface ScreenElement extends ElementBase {
  readonly kind: 'screen';
  readonly allowBack: boolean;
  readonly allowFinish: boolean;
  readonly allowPause: boolean;
  readonly fields: readonly ScreenField[];
}

export type FlowElement =
  | AssignmentElement
  | DecisionElement
  | LoopElement
  | RecordLookupElement
  | RecordCreateElement
  | RecordUpdateElement
  | RecordDeleteElement
  | ActionCallElement
  | SubflowElement
  | ScreenElement;

export interface FlowModel {
  readonly apiName: string;
  readonly label: string;
  readonly processType: FlowProcessType;
  readonly start: string | null;
  readonly startLine: number;
  readonly variables: readonly FlowVariable[];
  readonly constants: readonly FlowConstant[];
  readonly formulas: readonly FlowFormula[];
  readonly textTemplates: readonly FlowTextTemplate[];
  /** By name, lower-cased (names resolve case-insensitively). */
  readonly elements: ReadonlyMap<string, FlowElement>;
}

export function hasScreens(model: FlowModel): boolean {
  return [...model.elements.values()].some((element) => element.kind === 'screen');
}

export function findElement(model: FlowModel, name: string): FlowElement | undefined {
  return model.elements.get(name.toLowerCase());
}

export function findVariable(model: FlowModel, name: string): FlowVariable | undefined {
  const lower = name.toLowerCase();
  return model.variables.find((variable) => variable.name.toLowerCase() === lower);
}
