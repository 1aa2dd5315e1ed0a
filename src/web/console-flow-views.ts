/** The console's flows page: every deployed version of every flow, which one is active, who deployed it and when. */
import type { FlowVersion } from '../flows/flow-definitions.js';
import { consoleNav } from './console-views.js';
import { formatTime } from './format.js';
import { html, type SafeHtml } from './html.js';

export function renderFlows(versions: readonly FlowVersion[]): SafeHtml {
  return html`${consoleNav}
    <table>
      <caption>
        Deployed flows and their versions
      </caption>
      <thead>
        <tr>
          <th scope="col">API name</th>
          <th scope="col">Label</th>
          <th scope="col" class="num">Version</th>
          <th scope="col">Active</th>
          <th scope="col">Deployed by</th>
          <th scope="col">Deployed</th>
        </tr>
      </thead>
      <tbody>
        ${versions.map(
          (flow) =>
            html`<tr>
              <th scope="row">${flow.apiName}</th>
              <td>${flow.label}</td>
              <td class="num">${flow.version}</td>
              <td>${flow.active ? 'yes' : 'no'}</td>
              <td>${flow.deployedById ?? 'built in'}</td>
              <td>${formatTime(flow.deployedAt)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${versions.length === 0 && html`<p class="muted">None.</p>`}`;
}
