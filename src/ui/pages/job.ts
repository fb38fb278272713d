import type { JobRecord, RunRecord } from "../../queue/index.ts";
import { type Html, html, safeUrl } from "../html.ts";
import { between, duration, layout, when } from "../layout.ts";
import { issueLabel, issueUrl } from "../links.ts";
import type { Doing } from "../now-running.ts";
import { analysisView, localizedView, logView, modelCallsView } from "./details.ts";
import { diffView } from "./diff.ts";
import { type Loose, num, obj, objs, str, strs } from "./read.ts";
import { marksOf, timeline } from "./timeline.ts";

export interface JobPageData {
  job: JobRecord;
  runs: RunRecord[];
  reports: { attempt: number; report: unknown }[];
  /** What the job does now, when it runs in this process. */
  doing?: Doing | null;
}

const link = (url: string | null, label: string) =>
  url ? html`<a href="${url}" rel="noreferrer">${label}</a>` : html`${label}`;

/** The check run's page when the report has it, else the pull request's checks tab. */
function checkUrl(pr: string | null, reports: JobPageData["reports"]): string | null {
  for (const { report } of reports.slice().reverse()) {
    const url = safeUrl(str(obj(obj(report)?.check)?.url));
    if (url) return url;
  }
  return pr && /\/pull\/\d+$/.test(pr) ? `${pr}/checks` : null;
}

export function jobPage({ job, runs, reports, doing }: JobPageData, web: string): Html {
  const issue = issueUrl(web, job.repo, job.issueNumber);
  const pr = safeUrl(job.prUrl);
  const check = checkUrl(pr, reports);
  const body = html`<div id="live"><h1><span class="state ${job.state}">${job.state}</span> ${job.title}</h1>
<dl class="facts">
<dt>Job</dt><dd><code>${job.id}</code></dd>
${job.state === "running" && doing ? html`<dt>Now</dt><dd class="doing">${doing.what} (since ${when(doing.since)})</dd>` : ""}
<dt>Repository</dt><dd>${job.repo}</dd>
<dt>Issue</dt><dd>${link(issue, issueLabel(job.issueNumber))}</dd>
<dt>Pull request</dt><dd>${pr ? link(pr, pr) : job.prUrl ? html`<code>${job.prUrl}</code> (not a web address: not linked)` : "none"}</dd>
<dt>Check run</dt><dd>${check ? link(check, "checks") : "none"}</dd>
<dt>Trigger</dt><dd>${job.command} by ${job.actor}</dd>
<dt>Queued</dt><dd>${when(job.createdAt)}</dd>
<dt>Started</dt><dd>${when(job.startedAt)}</dd>
<dt>Finished</dt><dd>${when(job.finishedAt)}</dd>
<dt>Duration</dt><dd>${duration(between(job.startedAt, job.finishedAt))}</dd>
<dt>Cost</dt><dd>${totalCost(runs)}</dd>
<dt>Verified</dt><dd>${verifiedText(runs)}</dd>
<dt>Attempts</dt><dd>${job.attempts}${retries(runs)}</dd>
${job.error ? html`<dt>Error</dt><dd><pre class="error">${job.error}</pre></dd>` : ""}
</dl>
${runs.length === 0 ? html`<p class="empty">No attempt has finished yet.</p>` : ""}
${runs
  .slice()
  .reverse()
  .map((run) => attempt(run, obj(reports.find((r) => r.attempt === run.attempt)?.report)))}</div>`;
  return layout(`Job ${job.id.slice(0, 8)}`, "jobs", body);
}

/** What the attempts' model calls cost together, as far as their prices are known. */
function totalCost(runs: RunRecord[]): string {
  const known = runs.flatMap((r) => (r.costUsd === null ? [] : [r.costUsd]));
  if (known.length === 0) return runs.length === 0 ? "none yet" : "unknown";
  return `$${known.reduce((a, b) => a + b, 0).toFixed(4)}${known.length < runs.length ? " (some attempts unpriced)" : ""}`;
}

/** Whether the latest attempt's change passed the repository's tests. */
function verifiedText(runs: RunRecord[]): string {
  const last = runs.at(-1);
  if (!last) return "not yet";
  return last.verified === null ? "no (the tests did not run)" : last.verified ? "yes" : "no (the tests fail)";
}

/** How the attempts went: which failed and whether the failure was one to try again. */
function retries(runs: RunRecord[]): Html {
  const failed = runs.filter((r) => r.status !== "succeeded");
  if (failed.length === 0) return html``;
  return html` <span class="note">(${failed.map(
    (r, i) =>
      html`${i > 0 ? ", " : ""}attempt ${r.attempt} ${r.status}${r.retryable === true ? ", retried" : r.retryable === false ? ", not retryable" : ""}`,
  )})</span>`;
}

function attempt(run: RunRecord, report: Loose | null): Html {
  const cost = run.costUsd === null ? "" : `, $${run.costUsd.toFixed(4)}`;
  const changed = strs(report?.changedFiles);
  return html`<section class="attempt">
<h2>Attempt ${run.attempt}: ${run.status}${run.verified === null ? "" : run.verified ? ", verified" : ", not verified"}</h2>
<p>${when(run.startedAt)} → ${when(run.finishedAt)} (${duration(between(run.startedAt, run.finishedAt))}); tokens ${run.inputTokens ?? 0} in, ${run.outputTokens ?? 0} out${cost}${run.retryable === true ? "; retryable" : ""}</p>
${run.error ? html`<pre class="error">${run.errorCode ? `${run.errorCode}: ` : ""}${run.error}</pre>` : ""}
<h3>Steps</h3>
${timeline(run.timings, marksOf(report))}
${localizedView(report)}
${analysisView(report)}
${changed.length > 0 ? html`<h3>Changed files</h3><ul>${changed.map((f) => html`<li><code>${f}</code></li>`)}</ul>` : ""}
${diffView(diffOf(report))}
${verification(obj(report?.verification))}
${modelCallsView(report)}
${logView(report)}
</section>`;
}

function diffOf(report: Loose | null): { text: string; truncated: boolean } | null {
  const d = obj(report?.diff);
  return d && typeof d.text === "string" ? { text: d.text, truncated: d.truncated === true } : null;
}

function verification(v: Loose | null): Html {
  if (!v) return html``;
  const rounds = objs(v.rounds);
  const targets = objs(v.targets);
  const regressions = strs(v.regressions);
  return html`<h3>Test rounds</h3>
${v.command ? html`<p>Command: <code>${str(v.command)}</code></p>` : ""}
${v.note ? html`<p class="note">${str(v.note)}</p>` : ""}
${
  rounds.length > 0
    ? html`<table class="rounds"><thead><tr><th>Round</th><th>Verdict</th><th>Duration</th><th>Failures</th></tr></thead><tbody>${rounds.map(
        (r) =>
          html`<tr><td>${str(r.round)}</td><td class="${r.passed === true ? "pass" : "fail"}">${r.passed === true ? "passed" : "failed"}</td><td>${duration(num(r.durationMs))}</td><td>${strs(r.failures).map((f) => html`<code>${f}</code> `)}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="empty">No test round ran.</p>`
}
${targets.length > 0 ? html`<h4>Targets</h4><ul>${targets.map((t) => html`<li><code>${str(t.id)}</code>: ${str(t.before)} → ${t.after === null ? "passes" : str(t.after)}</li>`)}</ul>` : ""}
${regressions.length > 0 ? html`<h4>Regressions</h4><ul>${regressions.map((r) => html`<li><code>${r}</code></li>`)}</ul>` : ""}`;
}
