/** The console's flows page: every deployed version of every flow, which one is active, who deployed it and when. */
import type { FlowVersion } from '../flows/flow-definitions.js';
import { consoleNav } from './console-views.js';
import { renderDataTable } from './data-table.js';
import { formatTime } from './format.js';
import { html, type SafeHtml } from './html.js';

export function renderFlows(versions: readonly FlowVersion[]): SafeHtml {
  return html`${consoleNav}
  ${renderDataTable({
    caption: 'Deployed flows and their versions',
    columns: [
      { label: 'API name', isRowHeader: true },
      { label: 'Label' },
      { label: 'Version', isNumeric: true },
      { label: 'Active' },
      { label: 'Deployed by' },
      { label: 'Deployed' },
    ],
    rows: versions.map((flow) => [
      flow.apiName,
      flow.label,
      String(flow.version),
      flow.active ? 'yes' : 'no',
      flow.deployedById ?? 'built in',
      formatTime(flow.deployedAt),
    ]),
    emptyText: 'None.',
  })}`;
}
