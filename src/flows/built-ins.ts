/**
 * The one list of what the engine provides to flows: built-in Apex invocables, screen component
 * adapters, and flows (managed subflows, the built-in checkout flow) deployed at first start.
 * Add an entry here to ship it with the engine; an embedding application adds its own through
 * EngineOptions.flowExtensions instead.
 */
import type { FlowExtensionList } from './flow-extensions.js';
import type { Invocable } from './invocable.js';
import type { ScreenComponentAdapter } from './screen-component.js';
import type { ProvidedFlow } from './flow-extensions.js';

const invocables: Invocable[] = [];

const screenAdapters: ScreenComponentAdapter[] = [];

const flows: ProvidedFlow[] = [];

export const builtInFlowExtensions: FlowExtensionList = { invocables, screenAdapters, flows };
