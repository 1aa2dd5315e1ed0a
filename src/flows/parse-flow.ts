/**
 * Flow metadata XML → the typed model (flow-model.ts). fast-xml-parser reads the XML; tags that
 * may repeat are always arrays, text is never converted (a value is typed later by its
 * variable), and each node keeps its start offset, turned into a line for messages.
 * Something this engine does not interpret (an element type, a data type, an operator, a
 * screen field type, a trigger) is refused here with INVALID_FLOW naming it and its line;
 * references between elements are checked afterwards by validate-flow.ts.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  assignmentOperators,
  comparisonOperators,
  flowDataTypes,
  screenFieldTypes,
  type AssignmentOperator,
  type ComparisonOperator,
  type FieldAssignment,
  type FlowDataType,
  type FlowElement,
  type FlowModel,
  type FlowProcessType,
  type FlowValue,
  type OutputAssignment,
  type ParameterValue,
  type RecordFilter,
  type ScreenField,
} from './flow-model.js';
import { invalidFlow } from './invalid-flow.js';

type XmlNode = Record<string, unknown>;

const repeatable = new Set([
  'actionCalls',
  'assignments',
  'assignmentItems',
  'conditions',
  'constants',
  'decisions',
  'fields',
  'filters',
  'formulas',
  'inputAssignments',
  'inputParameters',
  'loops',
  'outputAssignments',
  'outputParameters',
  'processMetadataValues',
  'queriedFields',
  'recordCreates',
  'recordDeletes',
  'recordLookups',
  'recordUpdates',
  'rules',
  'screens',
  'subflows',
  'textTemplates',
  'variables',
]);

/** Top-level tags that describe the flow without changing what it does. */
const descriptiveTags = new Set([
  'apiVersion',
  'areMetricsLoggedToDataCloud',
  'description',
  'environments',
  'interviewLabel',
  'isAdditionalPermissionRequiredToRun',
  'isTemplate',
  'label',
  'processMetadataValues',
  'processType',
  'runInMode',
  'sourceTemplate',
  'start',
  'startElementReference',
  'status',
  'timeZoneSidKey',
  '@_xmlns',
]);

const resourceTags = new Set(['variables', 'constants', 'formulas', 'textTemplates']);
const elementTags = new Set([
  'actionCalls',
  'assignments',
  'decisions',
  'loops',
  'recordCreates',
  'recordDeletes',
  'recordLookups',
  'recordUpdates',
  'screens',
  'subflows',
]);
const processTypes = new Set<FlowProcessType>(['CheckoutFlow', 'AutoLaunchedFlow', 'Flow']);

const metaData = XMLParser.getMetaDataSymbol() as unknown as string;

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  parseTagValue: false,
  trimValues: false,
  captureMetaData: true,
  isArray: (name) => repeatable.has(name),
});

/** Line numbers from character offsets. */
class Lines {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
      this.starts.push(index + 1);
    }
  }
  of(offset: number | undefined): number {
    if (offset === undefined) return 1;
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class FlowReader {
  constructor(private readonly lines: Lines) {}

  line(node: unknown, fallback = 1): number {
    if (!isNode(node)) return fallback;
    const meta = (node as Record<string, { startIndex?: number } | undefined>)[metaData];
    return meta?.startIndex === undefined ? fallback : this.lines.of(meta.startIndex);
  }

  text(node: XmlNode, tag: string): string | null {
    const value = node[tag];
    if (value === undefined || value === null) return null;
    if (typeof value === 'string') return value.trim();
    if (isNode(value) && Object.keys(value).length === 0) return '';
    return null;
  }

  /** Text as written (a DisplayText's HTML, a template), only the outer whitespace trimmed. */
  rawText(node: XmlNode, tag: string): string {
    const value = node[tag];
    return typeof value === 'string' ? value.trim() : '';
  }

  flag(node: XmlNode, tag: string): boolean {
    return this.text(node, tag) === 'true';
  }

  list(node: XmlNode, tag: string): XmlNode[] {
    const value = node[tag];
    if (value === undefined) return [];
    const items: unknown[] = Array.isArray(value) ? value : [value];
    return items.map((item) => (isNode(item) ? item : { '#text': item }));
  }

  connector(node: XmlNode, tag = 'connector'): string | null {
    const connector = node[tag];
    return isNode(connector) ? this.text(connector, 'targetReference') : null;
  }

  value(holder: XmlNode, tag: string): FlowValue {
    const node = holder[tag];
    if (!isNode(node)) return { kind: 'none' };
    const kinds = [
      ['stringValue', 'string'],
      ['numberValue', 'number'],
      ['booleanValue', 'boolean'],
      ['dateValue', 'date'],
      ['dateTimeValue', 'dateTime'],
    ] as const;
    for (const [childTag, kind] of kinds) {
      if (childTag in node) {
        const raw = node[childTag];
        return { kind, text: typeof raw === 'string' ? (kind === 'string' ? raw : raw.trim()) : '' };
      }
    }
    const reference = this.text(node, 'elementReference');
    if (reference !== null && reference !== '') return { kind: 'reference', reference };
    const unsupported = Object.keys(node).find((key) => key !== '#text');
    if (unsupported !== undefined)
      throw invalidFlow(tag, `value kind ${unsupported} is not supported`, this.line(node));
    return { kind: 'none' };
  }

  dataType(node: XmlNode, owner: string, isOptional = false): FlowDataType | null {
    const text = this.text(node, 'dataType');
    if (text === null && isOptional) return null;
    if (!flowDataTypes.includes(text as FlowDataType)) {
      throw invalidFlow(owner, `data type ${text ?? '(none)'} is not supported`, this.line(node));
    }
    return text as FlowDataType;
  }

  operator(node: XmlNode, owner: string): ComparisonOperator {
    const text = this.text(node, 'operator') ?? '';
    if (!comparisonOperators.includes(text as ComparisonOperator)) {
      throw invalidFlow(owner, `operator ${text} is not supported`, this.line(node));
    }
    return text as ComparisonOperator;
  }

  name(node: XmlNode, tag: string): string {
    const name = this.text(node, 'name');
    if (name === null || name === '') throw invalidFlow(tag, 'an element without a name', this.line(node));
    return name;
  }

  filters(node: XmlNode, owner: string): RecordFilter[] {
    return this.list(node, 'filters').map((filter) => ({
      field: this.text(filter, 'field') ?? '',
      operator: this.operator(filter, owner),
      value: this.value(filter, 'value'),
      line: this.line(filter),
    }));
  }

  parameters(node: XmlNode, tag: string): ParameterValue[] {
    return this.list(node, tag).map((item) => ({
      name: this.text(item, 'name') ?? '',
      value: this.value(item, 'value'),
      line: this.line(item),
    }));
  }

  fieldAssignments(node: XmlNode): FieldAssignment[] {
    return this.list(node, 'inputAssignments').map((item) => ({
      field: this.text(item, 'field') ?? '',
      value: this.value(item, 'value'),
      line: this.line(item),
    }));
  }

  outputs(node: XmlNode, tag: string, nameTag: 'name' | 'field'): OutputAssignment[] {
    return this.list(node, tag).map((item) => ({
      name: this.text(item, nameTag) ?? '',
      target: this.text(item, 'assignToReference') ?? '',
      line: this.line(item),
    }));
  }
}

function parseElement(reader: FlowReader, tag: string, node: XmlNode): FlowElement {
  const name = reader.name(node, tag);
  const base = {
    name,
    label: reader.text(node, 'label') ?? name,
    line: reader.line(node),
    connector: reader.connector(node),
  };
  const fault = { faultConnector: reader.connector(node, 'faultConnector') };
  const query = () => ({
    object: reader.text(node, 'object') ?? '',
    filters: reader.filters(node, name),
    filterLogic: reader.text(node, 'filterLogic') ?? 'and',
  });
  switch (tag) {
    case 'assignments':
      return {
        ...base,
        kind: 'assignment',
        items: reader.list(node, 'assignmentItems').map((item) => {
          const operator = reader.text(item, 'operator') ?? '';
          if (!assignmentOperators.includes(operator as AssignmentOperator)) {
            throw invalidFlow(name, `assignment operator ${operator} is not supported`, reader.line(item));
          }
          return {
            target: reader.text(item, 'assignToReference') ?? '',
            operator: operator as AssignmentOperator,
            value: reader.value(item, 'value'),
            line: reader.line(item),
          };
        }),
      };
    case 'decisions':
      return {
        ...base,
        kind: 'decision',
        connector: reader.connector(node, 'defaultConnector'),
        rules: reader.list(node, 'rules').map((rule) => ({
          name: reader.name(rule, 'rules'),
          logic: reader.text(rule, 'conditionLogic') ?? 'and',
          connector: reader.connector(rule),
          line: reader.line(rule),
          conditions: reader.list(rule, 'conditions').map((condition) => ({
            left: reader.text(condition, 'leftValueReference') ?? '',
            operator: reader.operator(condition, name),
            right: reader.value(condition, 'rightValue'),
            line: reader.line(condition),
          })),
        })),
      };
    case 'loops':
      return {
        ...base,
        kind: 'loop',
        connector: reader.connector(node, 'noMoreValuesConnector'),
        nextValueConnector: reader.connector(node, 'nextValueConnector'),
        collection: reader.text(node, 'collectionReference') ?? '',
        isAscending: reader.text(node, 'iterationOrder') !== 'Desc',
        itemTarget: reader.text(node, 'assignNextValueToReference'),
      };
    case 'recordLookups': {
      const sortOrder = reader.text(node, 'sortOrder');
      return {
        ...base,
        ...fault,
        ...query(),
        kind: 'recordLookup',
        getFirstRecordOnly: reader.flag(node, 'getFirstRecordOnly'),
        queriedFields: reader.list(node, 'queriedFields').map((field) => reader.text(field, '#text') ?? ''),
        sortField: reader.text(node, 'sortField'),
        sortOrder: sortOrder === 'Asc' || sortOrder === 'Desc' ? sortOrder : null,
        outputReference: reader.text(node, 'outputReference'),
        outputAssignments: reader.outputs(node, 'outputAssignments', 'field'),
        storeOutputAutomatically: reader.flag(node, 'storeOutputAutomatically'),
        // Salesforce's default for this flag is true when the tag is absent.
        assignNullValuesIfNoRecordsFound: reader.text(node, 'assignNullValuesIfNoRecordsFound') !== 'false',
      };
    }
    case 'recordCreates':
      return {
        ...base,
        ...fault,
        kind: 'recordCreate',
        object: reader.text(node, 'object'),
        inputReference: reader.text(node, 'inputReference'),
        inputAssignments: reader.fieldAssignments(node),
        assignRecordIdToReference: reader.text(node, 'assignRecordIdToReference'),
        storeOutputAutomatically: reader.flag(node, 'storeOutputAutomatically'),
      };
    case 'recordUpdates':
      return {
        ...base,
        ...fault,
        ...query(),
        kind: 'recordUpdate',
        inputReference: reader.text(node, 'inputReference'),
        inputAssignments: reader.fieldAssignments(node),
      };
    case 'recordDeletes':
      return {
        ...base,
        ...fault,
        ...query(),
        kind: 'recordDelete',
        inputReference: reader.text(node, 'inputReference'),
      };
    case 'actionCalls':
      return {
        ...base,
        ...fault,
        kind: 'actionCall',
        actionName: reader.text(node, 'actionName') ?? '',
        actionType: reader.text(node, 'actionType') ?? '',
        inputParameters: reader.parameters(node, 'inputParameters'),
        outputParameters: reader.outputs(node, 'outputParameters', 'name'),
        storeOutputAutomatically: reader.flag(node, 'storeOutputAutomatically'),
      };
    case 'subflows':
      return {
        ...base,
        kind: 'subflow',
        flowName: reader.text(node, 'flowName') ?? '',
        inputAssignments: reader.parameters(node, 'inputAssignments'),
        outputAssignments: reader.outputs(node, 'outputAssignments', 'name'),
        storeOutputAutomatically: reader.flag(node, 'storeOutputAutomatically'),
      };
    default:
      return {
        ...base,
        kind: 'screen',
        allowBack: reader.text(node, 'allowBack') !== 'false',
        allowFinish: reader.text(node, 'allowFinish') !== 'false',
        allowPause: reader.text(node, 'allowPause') !== 'false',
        fields: reader.list(node, 'fields').map((field) => parseScreenField(reader, name, field)),
      };
  }
}

function parseScreenField(reader: FlowReader, screen: string, node: XmlNode): ScreenField {
  const name = reader.name(node, 'fields');
  const fieldType = reader.text(node, 'fieldType') ?? '';
  if (!screenFieldTypes.includes(fieldType as ScreenField['fieldType'])) {
    throw invalidFlow(`${screen}.${name}`, `screen field type ${fieldType} is not supported`, reader.line(node));
  }
  return {
    name,
    fieldType: fieldType as ScreenField['fieldType'],
    fieldText: reader.rawText(node, 'fieldText'),
    dataType: fieldType === 'InputField' ? reader.dataType(node, `${screen}.${name}`) : null,
    isRequired: reader.flag(node, 'isRequired'),
    defaultValue: reader.value(node, 'defaultValue'),
    extensionName: reader.text(node, 'extensionName'),
    inputParameters: reader.parameters(node, 'inputParameters'),
    outputParameters: reader.outputs(node, 'outputParameters', 'name'),
    storeOutputAutomatically: reader.flag(node, 'storeOutputAutomatically'),
    line: reader.line(node),
  };
}

function parseStart(reader: FlowReader, flow: XmlNode): { start: string | null; startLine: number } {
  const start = flow.start;
  if (isNode(start)) {
    const trigger = reader.text(start, 'triggerType') ?? reader.text(start, 'object');
    if (trigger !== null)
      throw invalidFlow('start', 'record-triggered and scheduled flows are not supported', reader.line(start));
    return { start: reader.connector(start), startLine: reader.line(start) };
  }
  return { start: reader.text(flow, 'startElementReference'), startLine: reader.line(flow) };
}

/** Parses one flow's XML; `apiName` comes from its file name or URL. */
export function parseFlow(apiName: string, xml: string): FlowModel {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) throw invalidFlow('Flow', `malformed XML: ${wellFormed.err.msg}`, wellFormed.err.line);
  const reader = new FlowReader(new Lines(xml));
  const document = parser.parse(xml) as XmlNode;
  const flow = document.Flow;
  if (!isNode(flow)) throw invalidFlow('Flow', 'the document is not a Flow', 1);
  const processType = (reader.text(flow, 'processType') ?? 'Flow') as FlowProcessType;
  if (!processTypes.has(processType)) {
    throw invalidFlow('processType', `process type ${processType} is not supported`, reader.line(flow));
  }
  const elements = new Map<string, FlowElement>();
  for (const tag of Object.keys(flow)) {
    if (descriptiveTags.has(tag) || resourceTags.has(tag) || tag === '#text') continue;
    if (!elementTags.has(tag)) {
      const first = reader.list(flow, tag)[0] ?? {};
      const label = reader.text(first, 'name') ?? tag;
      throw invalidFlow(label, `element type ${tag} is not supported`, reader.line(first, reader.line(flow)));
    }
    for (const node of reader.list(flow, tag)) {
      const element = parseElement(reader, tag, node);
      const key = element.name.toLowerCase();
      if (elements.has(key)) throw invalidFlow(element.name, 'two elements share this name', element.line);
      elements.set(key, element);
    }
  }
  return {
    apiName,
    label: reader.text(flow, 'label') ?? apiName,
    processType,
    ...parseStart(reader, flow),
    elements,
    variables: reader.list(flow, 'variables').map((node) => {
      const name = reader.name(node, 'variables');
      return {
        name,
        line: reader.line(node),
        dataType: reader.dataType(node, name)!,
        isCollection: reader.flag(node, 'isCollection'),
        isInput: reader.flag(node, 'isInput'),
        isOutput: reader.flag(node, 'isOutput'),
        objectType: reader.text(node, 'objectType'),
        defaultValue: reader.value(node, 'value'),
      };
    }),
    constants: reader.list(flow, 'constants').map((node) => {
      const name = reader.name(node, 'constants');
      return {
        name,
        line: reader.line(node),
        dataType: reader.dataType(node, name)!,
        value: reader.value(node, 'value'),
      };
    }),
    formulas: reader.list(flow, 'formulas').map((node) => {
      const name = reader.name(node, 'formulas');
      return {
        name,
        line: reader.line(node),
        dataType: reader.dataType(node, name)!,
        expression: reader.rawText(node, 'expression'),
      };
    }),
    textTemplates: reader.list(flow, 'textTemplates').map((node) => ({
      name: reader.name(node, 'textTemplates'),
      line: reader.line(node),
      text: reader.rawText(node, 'text'),
    })),
  };
}
