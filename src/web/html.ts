/**
 * HTML by tagged template, escaped by default: every interpolated value is text unless it is
 * already `SafeHtml` (another `html` template, or `joinHtml` of them). Arrays are joined.
 * `null`, `undefined` and `false` render as nothing, so `${cond && html`…`}` works. There is
 * no way to splice raw text: markup only comes from template literals written in this code.
 */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (character) => entities[character] ?? character);
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return escapeHtml(JSON.stringify(value) ?? '');
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(text);
}

export function joinHtml(parts: readonly SafeHtml[], separator: SafeHtml = html``): SafeHtml {
  return new SafeHtml(parts.map((part) => part.text).join(separator.text));
}
