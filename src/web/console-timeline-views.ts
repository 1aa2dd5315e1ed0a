/**
 * A checkout session's timeline in the console: its CheckoutEvent rows in the order they were
 * written — every transition, operation (with worker, attempt outcome and duration), provider
 * call, validation output, flow screen — one row each.
 */
import { renderDataTable } from './data-table.js';
import { formatDuration } from './format.js';
import type { SafeHtml } from './html.js';
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
  return renderDataTable({
    caption: 'Timeline of this session (checkout events, in order)',
    columns: [
      { label: '#', isNumeric: true },
      { label: 'Event', isRowHeader: true },
      { label: 'What' },
      { label: 'Worker' },
      { label: 'Outcome' },
      { label: 'Duration', isNumeric: true },
      { label: 'At' },
    ],
    rows: events.map((event) => [
      textOf(event, 'SequenceNumber'),
      textOf(event, 'EventType'),
      what(event),
      textOf(event, 'Worker'),
      textOf(event, 'Outcome'),
      typeof event.DurationMs === 'number' ? formatDuration(event.DurationMs) : '',
      textOf(event, 'CreatedDate'),
    ]),
  });
}
