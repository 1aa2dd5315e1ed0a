/**
 * The one list of what the engine provides to flows: built-in Apex invocables, screen component
 * adapters, and flows (managed subflows, the built-in checkout flow) deployed at first start.
 * Add an entry here to ship it with the engine (a flow as `{ apiName, xml }`, or a file next to
 * the code through `providedFlowFile(new URL('./…flow-meta.xml', import.meta.url))`); an
 * embedding application adds its own through EngineOptions.flowExtensions instead.
 */
import type { FlowExtensionList } from './flow-extensions.js';
import type { Invocable } from './invocable.js';
import type { ScreenComponentAdapter } from './screen-component.js';
import type { ProvidedFlow } from './flow-extensions.js';
import { checkoutComponents } from './components/checkout-components.js';
import { syncStepInvocables } from './invocables/sync-step-invocables.js';
import { shippedFlows } from './provided-flow-files.js';

const invocables: Invocable[] = [...syncStepInvocables];

const screenAdapters: ScreenComponentAdapter[] = [...checkoutComponents];

const flows: ProvidedFlow[] = [...shippedFlows()];

export const builtInFlowExtensions: FlowExtensionList = { invocables, screenAdapters, flows };
