import type { JobRecord, RunRecord } from "../../queue/index.ts";
import { type Html, html, safeUrl } from "../html.ts";
import { between, duration, layout, when } from "../layout.ts";
import { issueUrl } from "../links.ts";
import { timeline } from "./timeline.ts";

export interface JobPageData {
  job: JobRecord;
  runs: RunRecord[];
  reports: { attempt: number; report: unknown }[];
}

/** What the page reads of a run's report; anything else in it, or a field of another shape, is left out. */
interface ReportView {
  changedFiles?: unknown;
  published?: { url?: unknown };
  verification?: {
    command?: unknown;
    note?: unknown;
    rounds?: { round?: unknown; passed?: unknown; failures?: unknown; durationMs?: unknown }[];
    targets?: { id?: unknown; before?: unknown; after?: unknown }[];
    regressions?: unknown;
  };
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === "string") : []);
const text = (v: unknown): string => (typeof v === "string" || typeof v === "number" ? String(v) : "");

export function jobPage({ job, runs, reports }: JobPageData, web: string): Html {
  const issue = issueUrl(web, job.repo, job.issueNumber);
  const pr = safeUrl(job.prUrl);
  const body = html`<div id="live"><h1><span class="state ${job.state}">${job.state}</span> ${job.title}</h1>
<dl class="facts">
<dt>Job</dt><dd><code>${job.id}</code></dd>
<dt>Repository</dt><dd>${job.repo}</dd>
<dt>Issue</dt><dd>${issue ? html`<a href="${issue}" rel="noreferrer">#${job.issueNumber}</a>` : `#${job.issueNumber}`}</dd>
<dt>Pull request</dt><dd>${pr ? html`<a href="${pr}" rel="noreferrer">${pr}</a>` : "none"}</dd>
<dt>Trigger</dt><dd>${job.command} by ${job.actor}</dd>
<dt>Queued</dt><dd>${when(job.createdAt)}</dd>
<dt>Started</dt><dd>${when(job.startedAt)}</dd>
<dt>Finished</dt><dd>${when(job.finishedAt)}</dd>
<dt>Duration</dt><dd>${duration(between(job.startedAt, job.finishedAt))}</dd>
<dt>Attempts</dt><dd>${job.attempts}</dd>
${job.error ? html`<dt>Error</dt><dd><pre class="error">${job.error}</pre></dd>` : ""}
</dl>
${runs.length === 0 ? html`<p class="empty">No attempt has finished yet.</p>` : ""}
${runs
  .slice()
  .reverse()
  .map((run) =>
    attempt(run, (reports.find((r) => r.attempt === run.attempt)?.report ?? null) as ReportView | null),
  )}</div>`;
  return layout(`Job ${job.id.slice(0, 8)}`, "jobs", body);
}

function attempt(run: RunRecord, report: ReportView | null): Html {
  const v = report?.verification;
  const cost = run.costUsd === null ? "" : `, $${run.costUsd.toFixed(4)}`;
  return html`<section class="attempt">
<h2>Attempt ${run.attempt}: ${run.status}${run.verified === null ? "" : run.verified ? ", verified" : ", not verified"}</h2>
<p>${when(run.startedAt)} → ${when(run.finishedAt)} (${duration(between(run.startedAt, run.finishedAt))}); tokens ${run.inputTokens ?? 0} in, ${run.outputTokens ?? 0} out${cost}</p>
${run.error ? html`<pre class="error">${run.errorCode ? `${run.errorCode}: ` : ""}${run.error}</pre>` : ""}
<h3>Steps</h3>
${timeline(run.timings)}
${strings(report?.changedFiles).length > 0 ? html`<h3>Changed files</h3><ul>${strings(report?.changedFiles).map((f) => html`<li><code>${f}</code></li>`)}</ul>` : ""}
${v ? verification(v) : ""}
</section>`;
}

function verification(v: NonNullable<ReportView["verification"]>): Html {
  const rounds = Array.isArray(v.rounds) ? v.rounds : [];
  const targets = Array.isArray(v.targets) ? v.targets : [];
  const regressions = strings(v.regressions);
  return html`<h3>Verification</h3>
${v.command ? html`<p>Command: <code>${text(v.command)}</code></p>` : ""}
${v.note ? html`<p class="note">${text(v.note)}</p>` : ""}
${
  rounds.length > 0
    ? html`<table class="rounds"><thead><tr><th>Round</th><th>Verdict</th><th>Duration</th><th>Failures</th></tr></thead><tbody>${rounds.map(
        (r) =>
          html`<tr><td>${text(r.round)}</td><td>${r.passed === true ? "passed" : "failed"}</td><td>${duration(typeof r.durationMs === "number" ? r.durationMs : null)}</td><td>${strings(r.failures).map((f) => html`<code>${f}</code> `)}</td></tr>`,
      )}</tbody></table>`
    : ""
}
${targets.length > 0 ? html`<h4>Targets</h4><ul>${targets.map((t) => html`<li><code>${text(t.id)}</code>: ${text(t.before)} → ${t.after === null ? "passes" : text(t.after)}</li>`)}</ul>` : ""}
${regressions.length > 0 ? html`<h4>Regressions</h4><ul>${regressions.map((r) => html`<li><code>${r}</code></li>`)}</ul>` : ""}`;
}
