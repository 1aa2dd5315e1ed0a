/**
 * The interpreter's loop: runs elements of the top frame until a screen, the end of the main
 * flow, an unhandled fault, or the element budget of one request (2,000 elements, then the
 * interview ends in Error "flow element limit"). Subflows push a frame and pop it when they end;
 * a fault goes to the failing element's fault connector, else up to the first calling action
 * with one, else ends the interview in Error with the fault's message.
 */
import type { Caller } from '../access/caller.js';
import { runActionCall } from './elements/run-action-call.js';
import { runAssignment } from './elements/run-assignment.js';
import { runDecision } from './elements/run-decision.js';
import { runLoop } from './elements/run-loop.js';
import { runRecordCreate } from './elements/run-record-create.js';
import { runRecordDelete } from './elements/run-record-delete.js';
import { runRecordLookup } from './elements/run-record-lookup.js';
import { runRecordUpdate } from './elements/run-record-update.js';
import { applyCallOutputs, runSubflow } from './elements/run-subflow.js';
import type { ElementContext, ElementStep } from './elements/element-context.js';
import { findElement, type FlowElement, type FlowModel } from './flow-model.js';
import { FlowFault, type FlowRuntime, type LoadedFlow } from './flow-runtime.js';
import { initializeVariables, outputValuesOf } from './flow-scope.js';
import { newFrame, topFrame, type FlowFrame, type InterviewState } from './interview-state.js';

export const elementLimitMessage = 'flow element limit: one request may run at most 2,000 elements';

function runElement(element: FlowElement, context: ElementContext): Promise<ElementStep> {
  switch (element.kind) {
    case 'assignment':
      return runAssignment(element, context);
    case 'decision':
      return runDecision(element, context);
    case 'loop':
      return runLoop(element, context);
    case 'recordLookup':
      return runRecordLookup(element, context);
    case 'recordCreate':
      return runRecordCreate(element, context);
    case 'recordUpdate':
      return runRecordUpdate(element, context);
    case 'recordDelete':
      return runRecordDelete(element, context);
    case 'actionCall':
      return runActionCall(element, context);
    case 'subflow':
      return runSubflow(element, context);
    case 'screen':
      return Promise.resolve({ kind: 'screen' });
  }
}

/** Loads the flows of an interview's frames (each pinned to its version) and the subflows it calls. */
export class FlowLoader {
  private readonly loaded = new Map<string, LoadedFlow>();
  constructor(private readonly runtime: FlowRuntime) {}

  async model(frame: FlowFrame): Promise<FlowModel> {
    const key = `${frame.flowApiName.toLowerCase()}@${frame.flowVersion}`;
    let flow = this.loaded.get(key);
    if (flow === undefined) {
      const found = await this.runtime.flows.load(frame.flowApiName, frame.flowVersion);
      if (found === null)
        throw new FlowFault(`Flow ${frame.flowApiName} version ${frame.flowVersion} no longer exists`);
      flow = found;
      this.loaded.set(key, flow);
    }
    return flow.model;
  }

  async active(apiName: string): Promise<LoadedFlow> {
    const flow = await this.runtime.flows.load(apiName);
    if (flow === null) throw new FlowFault(`No active flow named ${apiName}`);
    this.loaded.set(`${flow.model.apiName.toLowerCase()}@${flow.version}`, flow);
    return flow;
  }
}

export function contextOf(
  runtime: FlowRuntime,
  caller: Caller,
  state: InterviewState,
  model: FlowModel,
  frame: FlowFrame,
): ElementContext {
  return { runtime, caller, state, model, frame };
}

/** Pushes the frame of a flow called with `inputs` (its start is the next element to run). */
export function pushFrame(
  runtime: FlowRuntime,
  caller: Caller,
  state: InterviewState,
  flow: LoadedFlow,
  inputs: Readonly<Record<string, unknown>>,
  calledBy: string | null,
): void {
  const frame = newFrame(flow.model.apiName, flow.version, calledBy);
  initializeVariables(contextOf(runtime, caller, state, flow.model, frame), inputs);
  frame.at = flow.model.start;
  state.frames.push(frame);
}

/** Sends a fault to the nearest fault connector, popping subflow frames; false when none. */
async function routeFault(loader: FlowLoader, state: InterviewState, message: string): Promise<boolean> {
  for (;;) {
    const frame = topFrame(state);
    const model = await loader.model(frame);
    const element = frame.at === null ? undefined : findElement(model, frame.at);
    if (element !== undefined && 'faultConnector' in element && element.faultConnector !== null) {
      frame.faultMessage = message;
      frame.at = element.faultConnector;
      return true;
    }
    if (state.frames.length === 1) return false;
    state.frames.pop();
    topFrame(state).at = frame.calledBy;
  }
}

function endInError(state: InterviewState, message: string): void {
  state.status = 'Error';
  state.error = message;
}

export async function advanceInterview(runtime: FlowRuntime, caller: Caller, state: InterviewState): Promise<void> {
  const loader = new FlowLoader(runtime);
  let budget = runtime.elementBudget;
  state.status = 'Running';
  try {
    for (;;) {
      const frame = topFrame(state);
      const model = await loader.model(frame);
      if (frame.at === null) {
        const outputs = outputValuesOf({ model, frame, caller });
        if (state.frames.length === 1) {
          state.status = 'Finished';
          state.outputs = outputs;
          return;
        }
        state.frames.pop();
        const parent = topFrame(state);
        const parentModel = await loader.model(parent);
        const caller_ = findElement(parentModel, frame.calledBy ?? '');
        if (caller_?.kind !== 'subflow' && caller_?.kind !== 'actionCall')
          throw new Error('A subflow frame lost its caller');
        applyCallOutputs(caller_, contextOf(runtime, caller, state, parentModel, parent), outputs);
        parent.at = caller_.connector;
        continue;
      }
      const element = findElement(model, frame.at);
      if (element === undefined) throw new Error(`Flow ${model.apiName} has no element ${frame.at}`);
      budget -= 1;
      if (budget < 0) return endInError(state, elementLimitMessage);
      let step: ElementStep;
      try {
        step = await runElement(element, contextOf(runtime, caller, state, model, frame));
      } catch (error) {
        if (!(error instanceof FlowFault)) throw error;
        if (!(await routeFault(loader, state, error.message))) return endInError(state, error.message);
        continue;
      }
      if (step.kind === 'screen') {
        state.status = 'Paused';
        return;
      }
      if (step.kind === 'go') {
        frame.at = step.to;
        continue;
      }
      try {
        pushFrame(runtime, caller, state, await loader.active(step.flowName), step.inputs, element.name);
      } catch (error) {
        if (!(error instanceof FlowFault)) throw error;
        if (!(await routeFault(loader, state, error.message))) return endInError(state, error.message);
      }
    }
  } catch (error) {
    runtime.onError?.(error, 'flow interview');
    endInError(state, 'An unexpected error occurred in the flow; it has been logged');
  }
}
