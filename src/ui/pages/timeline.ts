import { type Html, html } from "../html.ts";
import { duration } from "../layout.ts";
import { type Loose, num, obj, objs, str } from "./read.ts";

const WIDTH = 600;
const ROW = 22;

/** Something that happened inside a step, drawn on its bar: a model call, or a test round. */
export interface Mark {
  step: string;
  kind: "call" | "round";
  ms: number;
  title: string;
}

/** The step a model call belongs to: refine calls happen during verify, between its test rounds. */
const STEP_OF: Record<string, string> = { refine: "verify" };

/**
 * A report's model calls and test rounds, in the order they happened within each step. In verify, test
 * rounds and refine calls alternate (a round, then the fix its failures asked for).
 */
export function marksOf(report: Loose | null): Mark[] {
  const calls = objs(obj(report?.usage)?.calls).map(
    (c): Mark => ({
      step: STEP_OF[str(c.step)] ?? str(c.step),
      kind: "call",
      ms: num(c.ms) ?? 0,
      title: `${str(c.step)} call: ${duration(num(c.ms))}, ${num(c.inputTokens) ?? 0} in, ${num(c.outputTokens) ?? 0} out`,
    }),
  );
  const rounds = objs(obj(report?.verification)?.rounds).map(
    (r): Mark => ({
      step: "verify",
      kind: "round",
      ms: num(r.durationMs) ?? 0,
      title: `test round ${str(r.round)}: ${r.passed === true ? "passed" : "failed"} in ${duration(num(r.durationMs))}`,
    }),
  );
  const refines = calls.filter((c) => c.step === "verify");
  const verify = rounds.flatMap((round, i) => [round, ...(refines[i] ? [refines[i]] : [])]);
  return [...calls.filter((c) => c.step !== "verify"), ...verify, ...refines.slice(rounds.length)];
}

/**
 * A run's steps drawn to scale, one bar per step, in the order they ran: where the time went at a glance.
 * Model calls and test rounds are marked on their step's bar, to the same scale. SVG attributes, not
 * inline styles, carry the sizes (the CSP forbids inline styles).
 */
export function timeline(timings: Record<string, number> | null, marks: Mark[] = []): Html {
  const steps = Object.entries(timings ?? {}).filter(([, ms]) => Number.isFinite(ms) && ms >= 0);
  if (steps.length === 0) return html`<p class="empty">No step timings recorded.</p>`;
  const total = steps.reduce((sum, [, ms]) => sum + ms, 0) || 1;
  const scale = (ms: number) => (ms / total) * WIDTH;
  let at = 0;
  const bars = steps.map(([step, ms], i) => {
    const x = scale(at);
    const w = Math.max(scale(ms), 1);
    at += ms;
    const y = i * ROW;
    let inside = 0;
    const ticks = marks
      .filter((m) => m.step === step)
      .map((m) => {
        const mx = 160 + x + Math.min(scale(inside), w);
        inside += m.ms;
        const mw = Math.max(Math.min(scale(m.ms), 160 + x + w - mx), 1);
        return html`<rect class="${m.kind}" x="${mx.toFixed(1)}" y="${y + 12}" width="${mw.toFixed(1)}" height="6"><title>${m.title}</title></rect>`;
      });
    return html`<g class="step"><title>${step}: ${duration(ms)}</title><text x="0" y="${y + 15}">${step}</text><rect class="bar" x="${(160 + x).toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${ROW - 8}"></rect>${ticks}<text class="ms" x="${(166 + x + w).toFixed(1)}" y="${y + 15}">${duration(ms)}</text></g>`;
  });
  const legend =
    marks.length > 0
      ? html`<p class="note legend">Marked on the bars: <span class="call">model calls</span>, <span class="round">test rounds</span>.</p>`
      : "";
  return html`<svg class="timeline" role="img" aria-label="steps drawn to scale" viewBox="0 0 ${WIDTH + 260} ${steps.length * ROW}" width="${WIDTH + 260}" height="${steps.length * ROW}">${bars}</svg>${legend}`;
}
