/**
 * Small inline SVG charts (no script, no library): a column chart of counts over time and a
 * bar chart of durations. Each carries a title and a description for screen readers, and the
 * same figures are printed in a table beside it by the caller.
 */
import { html, type SafeHtml } from './html.js';

export interface Bar {
  readonly label: string;
  readonly value: number;
}

export function columnChart(title: string, description: string, bars: readonly Bar[]): SafeHtml {
  const width = 480;
  const height = 140;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const step = width / Math.max(1, bars.length);
  return html`<svg
    role="img"
    aria-labelledby="${`${slug(title)}-t ${slug(title)}-d`}"
    width="${width}"
    height="${height + 20}"
    viewBox="${`0 0 ${width} ${height + 20}`}"
  >
    <title id="${`${slug(title)}-t`}">${title}</title>
    <desc id="${`${slug(title)}-d`}">${description}</desc>
    <line x1="0" y1="${height}" x2="${width}" y2="${height}" stroke="#5c6670" />
    ${bars.map((bar, index) => {
      const barHeight = Math.round((bar.value / max) * (height - 10));
      return html`<rect
        x="${(index * step + 1).toFixed(1)}"
        y="${height - barHeight}"
        width="${Math.max(1, step - 2).toFixed(1)}"
        height="${barHeight}"
        fill="#0a4fb8"
        ><title>${`${bar.label}: ${bar.value}`}</title></rect
      >`;
    })}
    <text x="0" y="${height + 15}" font-size="11" fill="#1b1f24">${bars[0]?.label ?? ''}</text>
    <text x="${width}" y="${height + 15}" font-size="11" fill="#1b1f24" text-anchor="end">
      ${bars.at(-1)?.label ?? ''}
    </text>
    <text x="2" y="10" font-size="11" fill="#1b1f24">max ${max}</text>
  </svg>`;
}

export interface DurationBar {
  readonly label: string;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export function durationChart(title: string, description: string, rows: readonly DurationBar[]): SafeHtml {
  const width = 480;
  const rowHeight = 22;
  const labelWidth = 150;
  const height = Math.max(1, rows.length) * rowHeight + 4;
  const max = Math.max(1, ...rows.map((row) => row.p99Ms));
  const scale = (ms: number) => Math.round((ms / max) * (width - labelWidth - 80));
  return html`<svg
    role="img"
    aria-labelledby="${`${slug(title)}-t ${slug(title)}-d`}"
    width="${width}"
    height="${height}"
    viewBox="${`0 0 ${width} ${height}`}"
  >
    <title id="${`${slug(title)}-t`}">${title}</title>
    <desc id="${`${slug(title)}-d`}">${description}</desc>
    ${rows.map((row, index) => {
      const y = index * rowHeight + 2;
      return html`<text x="0" y="${y + 14}" font-size="12" fill="#1b1f24">${row.label}</text>
        <rect x="${labelWidth}" y="${y + 2}" width="${Math.max(1, scale(row.p99Ms))}" height="16" fill="#9db8e8" />
        <rect x="${labelWidth}" y="${y + 6}" width="${Math.max(1, scale(row.p50Ms))}" height="8" fill="#0a4fb8" />
        <text x="${labelWidth + scale(row.p99Ms) + 4}" y="${y + 14}" font-size="11" fill="#1b1f24"
          >${`${row.p50Ms} / ${row.p99Ms} ms`}</text
        >`;
    })}
  </svg>`;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
