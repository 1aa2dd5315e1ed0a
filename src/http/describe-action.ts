/**
 * The describe of an invocable action, derived from its catalog record: the parameter docs
 * for names, labels and types, the zod input schema (as JSON Schema) for what is required and
 * which values a parameter accepts — the schema that validates is the one that documents.
 */
import { z } from 'zod';
import type { ActionDefinition, ParameterDoc } from '../actions/action.js';

interface JsonSchemaObject {
  readonly properties?: Record<string, { enum?: unknown[]; maxLength?: number }>;
  readonly required?: readonly string[];
}

export function inputJsonSchemaOf(action: ActionDefinition): Record<string, unknown> {
  return z.toJSONSchema(action.input, { io: 'input', unrepresentable: 'any' });
}

function describeParameter(doc: ParameterDoc, schema: JsonSchemaObject | null) {
  const property = schema?.properties?.[doc.name];
  return {
    name: doc.name,
    label: doc.label,
    description: doc.description,
    type: doc.type,
    required: schema?.required?.includes(doc.name) ?? false,
    maxOccurs: 1,
    picklistValues: (property?.enum ?? []).map((value) => ({
      active: true,
      defaultValue: false,
      label: String(value),
      value: String(value),
    })),
    byteLength: property?.maxLength ?? 0,
    sobjectType: doc.sobjectType ?? null,
  };
}

export function describeAction(action: ActionDefinition) {
  const schema = inputJsonSchemaOf(action) as JsonSchemaObject;
  return {
    name: action.name,
    label: action.label,
    description: action.description,
    type: 'STANDARD',
    category: 'Commerce',
    inputs: action.inputs.map((doc) => describeParameter(doc, schema)),
    outputs: action.outputs.map((doc) => describeParameter(doc, null)),
    standardParameters: [],
  };
}
