/**
 * The extension registry: the Apex invocables (by class name) and the screen component adapters
 * (by extension name) flows may use, both compared case-insensitively, and the flows the engine
 * provides (managed subflows, the built-in checkout flow) deployed at first start. The built-in
 * entries are listed in built-ins.ts; EngineOptions.flowExtensions adds or replaces entries.
 */
import type { Invocable } from './invocable.js';
import type { ScreenComponentAdapter } from './screen-component.js';

/** A flow shipped with the engine or an extension: its API name and metadata XML. */
export interface ProvidedFlow {
  readonly apiName: string;
  readonly xml: string;
}

export interface FlowExtensionList {
  readonly invocables?: readonly Invocable[];
  readonly screenAdapters?: readonly ScreenComponentAdapter[];
  readonly flows?: readonly ProvidedFlow[];
}

export interface FlowExtensions {
  findInvocable(name: string): Invocable | undefined;
  findScreenAdapter(extensionName: string): ScreenComponentAdapter | undefined;
  readonly invocables: readonly Invocable[];
  readonly screenAdapters: readonly ScreenComponentAdapter[];
  readonly flows: readonly ProvidedFlow[];
}

/** Later lists replace earlier entries of the same name. */
export function createFlowExtensions(...lists: readonly FlowExtensionList[]): FlowExtensions {
  const invocables = new Map<string, Invocable>();
  const adapters = new Map<string, ScreenComponentAdapter>();
  const flows = new Map<string, ProvidedFlow>();
  for (const list of lists) {
    for (const invocable of list.invocables ?? []) invocables.set(invocable.name.toLowerCase(), invocable);
    for (const adapter of list.screenAdapters ?? []) adapters.set(adapter.extensionName.toLowerCase(), adapter);
    for (const flow of list.flows ?? []) flows.set(flow.apiName.toLowerCase(), flow);
  }
  return {
    findInvocable: (name) => invocables.get(name.toLowerCase()),
    findScreenAdapter: (extensionName) => adapters.get(extensionName.toLowerCase()),
    invocables: [...invocables.values()],
    screenAdapters: [...adapters.values()],
    flows: [...flows.values()],
  };
}
