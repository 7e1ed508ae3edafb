/** Markup that is already safe: made by `html`, or deliberately trusted. */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for element content and for double- or single-quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => ENTITIES[character]!);

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * A template tag that escapes every interpolated value unless it is SafeHtml (nested `html`
 * fragments); arrays are joined and null, undefined and false leave nothing.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let markup = strings[0]!;
  values.forEach((value, index) => {
    markup += render(value) + strings[index + 1]!;
  });
  return new SafeHtml(markup);
}

/**
 * A `<script type="application/json">` element holding `data`. The JSON escapes `<`, `>` and `&`
 * (and the two JavaScript line separators), so no value can close the element.
 */
export function jsonScript(id: string, data: unknown): SafeHtml {
  const json = JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return html`<script type="application/json" id="${id}">
    ${new SafeHtml(json)}
  </script>`;
}

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
const WHOLE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const HOURS = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const PERCENT = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });

/** Whole pence as pounds, "£1,234.56": pence are integers, so dividing by 100 is exact enough to print. */
export const pounds = (pence: number): string => POUNDS.format(pence / 100);
export const count = (value: number): string => WHOLE.format(value);
export const hours = (minutes: number): string => HOURS.format(minutes / 60);
export const percent = (share: number | null): string => (share === null ? '–' : PERCENT.format(share));
export const ratio = (value: number | null): string => (value === null ? '–' : `${value.toFixed(2)}×`);

/** A table cell with an amount shown in pounds and kept exactly in pence. */
export const penceCell = (pence: number): SafeHtml =>
  html`<td class="number" data-pence="${pence}">${pounds(pence)}</td>`;

export const numberCell = (text: string, value: number | null): SafeHtml =>
  html`<td class="number" data-value="${value ?? ''}">${text}</td>`;

/** A path with its query; empty values are left out. */
export function pageUrl(path: string, query: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
