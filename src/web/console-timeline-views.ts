/**
 * A checkout session's timeline in the console: its CheckoutEvent rows in the order they were
 * written — every transition, operation (with worker, attempt outcome and duration), provider
 * call, validation output, flow screen — one row each.
 */
import { formatDuration } from './format.js';
import { html, type SafeHtml } from './html.js';
import { textOf, type ApiRecord } from './query-as.js';

function what(event: ApiRecord): string {
  const parts = [
    event.OperationType,
    event.FromState !== null || event.ToState !== null
      ? `${textOf(event, 'FromState')} → ${textOf(event, 'ToState')}`
      : null,
    event.Detail,
  ];
  return parts.filter((part) => typeof part === 'string' && part !== '' && part !== ' → ').join(' · ');
}

export function renderTimeline(events: readonly ApiRecord[]): SafeHtml {
  return html`<table>
    <caption>
      Timeline of this session (checkout events, in order)
    </caption>
    <thead>
      <tr>
        <th scope="col" class="num">#</th>
        <th scope="col">Event</th>
        <th scope="col">What</th>
        <th scope="col">Worker</th>
        <th scope="col">Outcome</th>
        <th scope="col" class="num">Duration</th>
        <th scope="col">At</th>
      </tr>
    </thead>
    <tbody>
      ${events.map(
        (event) =>
          html`<tr>
            <td class="num">${textOf(event, 'SequenceNumber')}</td>
            <th scope="row">${textOf(event, 'EventType')}</th>
            <td>${what(event)}</td>
            <td>${textOf(event, 'Worker')}</td>
            <td>${textOf(event, 'Outcome')}</td>
            <td class="num">${typeof event.DurationMs === 'number' ? formatDuration(event.DurationMs) : ''}</td>
            <td>${textOf(event, 'CreatedDate')}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
