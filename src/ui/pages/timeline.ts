import { type Html, html } from "../html.ts";
import { duration } from "../layout.ts";

const WIDTH = 600;
const ROW = 22;

/**
 * A run's steps drawn to scale, one bar per step, in the order they ran: where the time went at a glance.
 * SVG attributes, not inline styles, carry the sizes (the CSP forbids inline styles).
 */
export function timeline(timings: Record<string, number> | null): Html {
  const steps = Object.entries(timings ?? {}).filter(([, ms]) => Number.isFinite(ms) && ms >= 0);
  if (steps.length === 0) return html`<p class="empty">No step timings recorded.</p>`;
  const total = steps.reduce((sum, [, ms]) => sum + ms, 0) || 1;
  let at = 0;
  const bars = steps.map(([step, ms], i) => {
    const x = (at / total) * WIDTH;
    const w = Math.max((ms / total) * WIDTH, 1);
    at += ms;
    const y = i * ROW;
    return html`<g class="step"><title>${step}: ${duration(ms)}</title><text x="0" y="${y + 15}">${step}</text><rect x="${(160 + x).toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${ROW - 8}"></rect><text class="ms" x="${(166 + x + w).toFixed(1)}" y="${y + 15}">${duration(ms)}</text></g>`;
  });
  return html`<svg class="timeline" role="img" aria-label="steps drawn to scale" viewBox="0 0 ${WIDTH + 260} ${steps.length * ROW}" width="${WIDTH + 260}" height="${steps.length * ROW}">${bars}</svg>`;
}
