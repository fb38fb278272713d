import { type Html, html } from "../html.ts";
import { duration, when } from "../layout.ts";
import { type Loose, num, obj, objs, str, strs } from "./read.ts";

/** The localizer's top files, each with why it ranked. */
export function localizedView(report: Loose | null): Html {
  const files = objs(report?.localized);
  if (files.length === 0) return html``;
  return html`<h3>Localizer's top files</h3>
<table class="localized"><thead><tr><th>File</th><th>Score</th><th>Why</th></tr></thead><tbody>${files.map(
    (f) =>
      html`<tr><td><code>${str(f.path)}</code></td><td>${num(f.score)?.toFixed(2) ?? ""}</td><td>${strs(f.reasons).join("; ")}</td></tr>`,
  )}</tbody></table>`;
}

/** What the model understood of the issue and how it went about the change. */
export function analysisView(report: Loose | null): Html {
  const a = obj(report?.analysis);
  if (!a) return html``;
  const files = (label: string, v: unknown) =>
    strs(v).length > 0 ? html`<dt>${label}</dt><dd>${strs(v).map((f) => html`<code>${f}</code> `)}</dd>` : "";
  const criteria = strs(a.acceptanceCriteria);
  return html`<h3>Analysis</h3>
<dl class="facts analysis">
<dt>Summary</dt><dd>${str(a.summary)}${a.kind ? html` <span class="note">(${str(a.kind)})</span>` : ""}</dd>
<dt>Task</dt><dd class="prose">${str(a.taskDescription)}</dd>
${files("Modify", a.filesToModify)}${files("Create", a.filesToCreate)}${files("Delete", a.filesToDelete)}
${criteria.length > 0 ? html`<dt>Acceptance</dt><dd><ul>${criteria.map((c) => html`<li>${c}</li>`)}</ul></dd>` : ""}
${a.approach ? html`<dt>Approach</dt><dd class="prose">${str(a.approach)}</dd>` : ""}
</dl>`;
}

const usd = (v: number | null) => (v === null ? "unknown" : `$${v.toFixed(4)}`);

/** Each model call: its step, tokens, cost and how long it took. */
export function modelCallsView(report: Loose | null): Html {
  const calls = objs(obj(report?.usage)?.calls);
  if (calls.length === 0) return html``;
  const n = (v: unknown) => num(v) ?? 0;
  return html`<h3>Model calls</h3>
<table class="calls"><thead><tr><th>#</th><th>Step</th><th>Input</th><th>Output</th><th>Cache read</th><th>Cache write</th><th>Cost</th><th>Latency</th></tr></thead><tbody>${calls.map(
    (c, i) =>
      html`<tr><td>${i + 1}</td><td>${str(c.step)}</td><td>${n(c.inputTokens)}</td><td>${n(c.outputTokens)}</td><td>${n(c.cacheReadTokens)}</td><td>${n(c.cacheWriteTokens)}</td><td>${usd(num(c.costUsd))}</td><td>${duration(num(c.ms))}</td></tr>`,
  )}</tbody></table>`;
}

/** The run's last log lines, as the report kept them (scrubbed when they were written). */
export function logView(report: Loose | null): Html {
  const lines = objs(report?.log);
  if (lines.length === 0) return html``;
  return html`<details class="log"><summary>Log (${lines.length} lines)</summary>
<pre>${lines.map(
    (l) =>
      html`<span class="${str(l.level) === "error" || str(l.level) === "warn" ? str(l.level) : "line"}">${when(str(l.at))} ${str(l.level).padEnd(5)} ${l.step ? `[${str(l.step)}] ` : ""}${str(l.msg)}</span>\n`,
  )}</pre></details>`;
}
