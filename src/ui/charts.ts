import { type Html, html } from "./html.ts";

/** One bar: its label, its value, and the part of it drawn apart (e.g. the jobs of a day that succeeded). */
export interface Bar {
  label: string;
  value: number | null;
  part?: number;
  /** What a pointer over the bar says. */
  title: string;
}

export interface ChartOptions {
  caption: string;
  format: (value: number) => string;
  /** The top of the scale; the largest value when absent. */
  max?: number;
}

const W = 640;
const H = 140;
const LEFT = 56;
const BOTTOM = 20;

const fixed = (n: number) => n.toFixed(1);

/**
 * Bars over time, drawn on the server as SVG: no script, sizes in attributes (the CSP forbids inline
 * styles), every label escaped like any other text. A day without a value has no bar.
 */
export function columnChart(bars: Bar[], o: ChartOptions): Html {
  const max = o.max ?? Math.max(0, ...bars.map((b) => b.value ?? 0));
  const scale = max > 0 ? (H - BOTTOM - 8) / max : 0;
  const step = bars.length > 0 ? (W - LEFT) / bars.length : 0;
  const every = Math.max(1, Math.ceil(bars.length / 8));
  const base = H - BOTTOM;
  const columns = bars.map((b, i) => {
    const x = LEFT + i * step + step * 0.1;
    const w = Math.max(step * 0.8, 1);
    const h = (b.value ?? 0) * scale;
    const p = (b.part ?? 0) * scale;
    return html`<g><title>${b.title}</title>${b.value === null ? "" : html`<rect class="bar" x="${fixed(x)}" y="${fixed(base - h)}" width="${fixed(w)}" height="${fixed(h)}"></rect>`}${b.part === undefined ? "" : html`<rect class="part" x="${fixed(x)}" y="${fixed(base - p)}" width="${fixed(w)}" height="${fixed(p)}"></rect>`}${i % every === 0 ? html`<text x="${fixed(x)}" y="${H - 5}">${b.label}</text>` : ""}</g>`;
  });
  return html`<figure class="chart"><figcaption>${o.caption}</figcaption>
<svg role="img" aria-label="${o.caption}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}">
<line x1="${LEFT}" y1="${base}" x2="${W}" y2="${base}"></line><line x1="${LEFT}" y1="8" x2="${W}" y2="8"></line>
<text x="0" y="${base}">0</text><text x="0" y="16">${o.format(max)}</text>
${columns}</svg></figure>`;
}

const ROW = 20;
const LABEL = 200;

/** One bar per row (a repository's), longest scale first, with the value written after it. */
export function rowChart(bars: Bar[], o: ChartOptions): Html {
  const max = o.max ?? Math.max(0, ...bars.map((b) => b.value ?? 0));
  const room = W - LABEL - 70;
  const rows = bars.map((b, i) => {
    const w = max > 0 && b.value !== null ? Math.max((b.value / max) * room, 1) : 0;
    const y = i * ROW;
    const label = b.label.length > 30 ? `${b.label.slice(0, 29)}…` : b.label;
    const p = b.part !== undefined && max > 0 ? (b.part / max) * room : 0;
    return html`<g><title>${b.title}</title><text x="0" y="${y + 14}">${label}</text>${b.value === null ? "" : html`<rect class="bar" x="${LABEL}" y="${y + 4}" width="${fixed(w)}" height="${ROW - 8}"></rect>`}${p > 0 ? html`<rect class="part" x="${LABEL}" y="${y + 4}" width="${fixed(p)}" height="${ROW - 8}"></rect>` : ""}<text x="${fixed(LABEL + w + 6)}" y="${y + 14}">${b.value === null ? "—" : o.format(b.value)}</text></g>`;
  });
  const height = Math.max(bars.length, 1) * ROW;
  return html`<figure class="chart"><figcaption>${o.caption}</figcaption>
<svg role="img" aria-label="${o.caption}" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}">${rows}</svg></figure>`;
}
