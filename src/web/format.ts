/** Display forms of API values: money exact to the minor unit, quantities without trailing zeros, times. */
import { formatMinorUnits, toMinorUnits } from '../domain/money.js';

export function formatMoney(value: unknown, currency: unknown = 'USD'): string {
  if (value === null || value === undefined || value === '') return '—';
  const minor = toMinorUnits(value);
  return minor === null
    ? JSON.stringify(value)
    : `${formatMinorUnits(minor)} ${typeof currency === 'string' ? currency : ''}`.trim();
}

export function formatNumber(value: unknown): string {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : '';
}

/** `2026-12-03T06:05:15.000+0000` → `2026-12-03 06:05:15 UTC`. */
export function formatTime(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '—';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(value);
  return match === null ? value : `${match[1]} ${match[2]} UTC`;
}

export function millisecondsBetween(from: unknown, to: unknown): number | null {
  if (typeof from !== 'string' || typeof to !== 'string') return null;
  const start = Date.parse(from.replace(/\+0000$/, 'Z'));
  const end = Date.parse(to.replace(/\+0000$/, 'Z'));
  return Number.isNaN(start) || Number.isNaN(end) ? null : end - start;
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
