/**
 * Screens: what the paused interview shows (display text merged, input fields, components with
 * the `inputs` their adapter computes) and what a NEXT/FINISH submits (input fields typed and
 * required ones present; each component's values validated by its adapter before any output is
 * assigned, so a refusal leaves the interview unchanged).
 */
import type { Caller } from '../access/caller.js';
import { CheckoutError } from '../domain/errors.js';
import { findElement, type ScreenElement, type ScreenField } from './flow-model.js';
import type { FlowRuntime } from './flow-runtime.js';
import { assignReference, evaluateValue, mergeText, type FlowScope } from './flow-scope.js';
import { isRecord, textOf, typeValue } from './flow-values.js';
import { topFrame, type InterviewState } from './interview-state.js';
import type { FlowLoader } from './run-interview.js';
import type { ComponentParameters, ScreenComponentAdapter } from './screen-component.js';

export interface ScreenFieldView {
  name: string;
  type: 'DisplayText' | 'InputField' | 'Component';
  component: string | null;
  label: string | null;
  html: string | null;
  inputs: Record<string, unknown> | null;
  required: boolean;
}

export interface ScreenView {
  name: string;
  label: string;
  allowBack: boolean;
  allowFinish: boolean;
  allowPause: boolean;
  fields: ScreenFieldView[];
}

export const redirectComponent = 'forceCommunity:flowRedirect';

export interface PausedScreen {
  readonly screen: ScreenElement;
  readonly scope: FlowScope;
}

export async function pausedScreen(
  loader: FlowLoader,
  caller: Caller,
  state: InterviewState,
): Promise<PausedScreen | null> {
  if (state.status !== 'Paused') return null;
  const frame = topFrame(state);
  const model = await loader.model(frame);
  const screen = frame.at === null ? undefined : findElement(model, frame.at);
  if (screen?.kind !== 'screen') return null;
  return { screen, scope: { model, frame, caller } };
}

export function parametersOf(scope: FlowScope, field: ScreenField): ComponentParameters {
  return Object.fromEntries(
    field.inputParameters.map((parameter) => [parameter.name, evaluateValue(scope, parameter.value)]),
  );
}

function adapterOf(runtime: FlowRuntime, field: ScreenField): ScreenComponentAdapter | undefined {
  return field.extensionName === null ? undefined : runtime.extensions.findScreenAdapter(field.extensionName);
}

export async function viewScreen(runtime: FlowRuntime, paused: PausedScreen): Promise<ScreenView> {
  const { screen, scope } = paused;
  const fields: ScreenFieldView[] = [];
  for (const field of screen.fields) {
    const base = {
      name: field.name,
      component: null,
      label: null,
      html: null,
      inputs: null,
      required: field.isRequired,
    };
    if (field.fieldType === 'DisplayText') {
      fields.push({ ...base, type: 'DisplayText', html: mergeText(scope, field.fieldText) });
    } else if (field.fieldType === 'InputField') {
      const value = scope.frame.values[field.name.toLowerCase()] ?? evaluateValue(scope, field.defaultValue);
      fields.push({ ...base, type: 'InputField', label: mergeText(scope, field.fieldText), inputs: { value } });
    } else {
      const parameters = parametersOf(scope, field);
      const adapter = adapterOf(runtime, field);
      const inputs =
        adapter === undefined
          ? { ...parameters }
          : await adapter.view({ store: runtime.store, caller: scope.caller }, parameters);
      fields.push({ ...base, type: 'Component', component: field.extensionName, inputs });
    }
  }
  return {
    name: screen.name,
    label: screen.label,
    allowBack: screen.allowBack,
    allowFinish: screen.allowFinish,
    allowPause: screen.allowPause,
    fields,
  };
}

function requiredMissing(field: ScreenField): CheckoutError {
  return new CheckoutError('REQUIRED_FIELD_MISSING', 400, `${field.name} is required`, [field.name]);
}

/**
 * Validates everything submitted first, then assigns: the screen's input field values and its
 * components' outputs. Throws a CheckoutError (400) naming the field when something is invalid.
 */
export async function acceptScreen(
  runtime: FlowRuntime,
  paused: PausedScreen,
  submitted: Readonly<Record<string, unknown>>,
): Promise<void> {
  const { screen, scope } = paused;
  const byName = new Map(Object.entries(submitted).map(([name, value]) => [name.toLowerCase(), value]));
  const assignments: (() => void)[] = [];
  for (const field of screen.fields) {
    const given = byName.get(field.name.toLowerCase());
    if (field.fieldType === 'InputField') {
      const raw = isRecord(given) && 'value' in given ? given.value : given;
      const value = raw === undefined || raw === '' ? null : typeValue(field.dataType, raw);
      if (field.isRequired && value === null) throw requiredMissing(field);
      if (value !== null && field.dataType === 'Number' && typeof value !== 'number') {
        throw new CheckoutError('INVALID_INPUT', 400, `${field.name} must be a number`, [field.name]);
      }
      assignments.push(() => {
        scope.frame.values[field.name.toLowerCase()] = value;
      });
    } else if (field.fieldType === 'ComponentInstance') {
      if (given !== undefined && !isRecord(given)) {
        throw new CheckoutError('INVALID_INPUT', 400, `${field.name} must be an object of component values`, [
          field.name,
        ]);
      }
      const adapter = adapterOf(runtime, field);
      const values = (given ?? {}) as Record<string, unknown>;
      const outputs =
        adapter === undefined
          ? values
          : await adapter.accept({ store: runtime.store, caller: scope.caller }, parametersOf(scope, field), values);
      assignments.push(() => {
        for (const output of field.outputParameters) {
          const key = Object.keys(outputs).find((name) => name.toLowerCase() === output.name.toLowerCase());
          assignReference(scope, output.target, key === undefined ? null : outputs[key]);
        }
        if (field.storeOutputAutomatically) scope.frame.values[field.name.toLowerCase()] = { ...outputs };
      });
    }
  }
  assignments.forEach((assign) => assign());
}

/** True while a wait component of the screen says the screen must stay. */
export async function isWaiting(runtime: FlowRuntime, paused: PausedScreen): Promise<boolean> {
  for (const field of paused.screen.fields) {
    const adapter = adapterOf(runtime, field);
    if (adapter?.isWaiting === undefined) continue;
    if (
      await adapter.isWaiting({ store: runtime.store, caller: paused.scope.caller }, parametersOf(paused.scope, field))
    ) {
      return true;
    }
  }
  return false;
}

/** The records whose change may end the screen's wait (each wait component's `waitsOn`). */
export async function waitedOnRecordIds(runtime: FlowRuntime, paused: PausedScreen): Promise<string[]> {
  const ids: string[] = [];
  for (const field of paused.screen.fields) {
    const adapter = adapterOf(runtime, field);
    if (adapter?.isWaiting === undefined || adapter.waitsOn === undefined) continue;
    ids.push(
      ...(await adapter.waitsOn(
        { store: runtime.store, caller: paused.scope.caller },
        parametersOf(paused.scope, field),
      )),
    );
  }
  return ids;
}

/** Whether the screen has a wait component at all. */
export function hasWaitComponent(runtime: FlowRuntime, paused: PausedScreen): boolean {
  return paused.screen.fields.some((field) => adapterOf(runtime, field)?.isWaiting !== undefined);
}

/** A redirect component's target, when the screen shows one (it finishes the interview). */
export function redirectOf(paused: PausedScreen): { pageName: string; recordId: string | null } | null {
  const field = paused.screen.fields.find(
    (candidate) => candidate.extensionName?.toLowerCase() === redirectComponent.toLowerCase(),
  );
  if (field === undefined) return null;
  const parameters = new Map(
    Object.entries(parametersOf(paused.scope, field)).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const recordId = parameters.get('recordid');
  return {
    pageName: textOf(parameters.get('pagename') ?? parameters.get('page') ?? 'home'),
    recordId: typeof recordId === 'string' ? recordId : null,
  };
}
