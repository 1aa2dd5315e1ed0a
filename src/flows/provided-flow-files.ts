/**
 * The flows this project ships as metadata XML files: the managed subflows
 * (src/flows/managed/) and our own checkout flow (src/flows/built-in/), read once at start-up
 * to be deployed like any other flow. The files are read from the source tree, which ships
 * with the package (a build in dist/ sits at the same depth, so the same relative path works).
 */
import { readFileSync } from 'node:fs';

export interface ShippedFlow {
  readonly apiName: string;
  readonly xml: string;
}

function readShippedFlow(folder: 'managed' | 'built-in', apiName: string): ShippedFlow {
  const url = new URL(`../../src/flows/${folder}/${apiName}.flow-meta.xml`, import.meta.url);
  return { apiName, xml: readFileSync(url, 'utf8') };
}

/** The API name of our own checkout flow, used by stores that name no other. */
export const builtInCheckoutFlowApiName = 'b2b_checkout__Checkout';

export function shippedFlows(): ShippedFlow[] {
  return [
    readShippedFlow('managed', 'sfdc_checkout__Error'),
    readShippedFlow('managed', 'sfdc_checkout__CartToOrder'),
    readShippedFlow('managed', 'sfdc_checkout__ActivateOrder'),
    readShippedFlow('built-in', builtInCheckoutFlowApiName),
  ];
}
