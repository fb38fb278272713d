import type { JobQuery, JobState, JobSummary } from "../../queue/index.ts";
import type { DrawContext } from "../draw.ts";
import { type Html, html, safeUrl } from "../html.ts";
import { between, duration, layout, when } from "../layout.ts";
import { issueLabel, issueUrl } from "../links.ts";
import { emptyNote, PAGE_SIZE, pageOf, pager } from "../pager.ts";
import { oneOf, queryValue } from "../query.ts";

const STATES: readonly JobState[] = ["queued", "running", "succeeded", "failed", "denied"];

/** The jobs list's filters, as the page's query string carries them (a bad value: InputError); other parameters are ignored. */
export function jobQuery(params: URLSearchParams): JobQuery & { page: number } {
  return {
    state: oneOf(params, "state", STATES),
    repo: queryValue(params, "repo")?.slice(0, 200),
    text: queryValue(params, "q")?.slice(0, 200),
    ...pageOf(params),
  };
}

export function jobsPage(jobs: JobSummary[], q: ReturnType<typeof jobQuery>, c: DrawContext): Html {
  const shown = jobs.slice(0, PAGE_SIZE);
  const filters = { state: q.state, repo: q.repo, q: q.text };
  const body = html`<h1>Jobs</h1>
<form class="filters" method="get" action="/ui/jobs">
<label>State <select name="state"><option value="">any</option>${STATES.map(
    (s) => html`<option${s === q.state ? html` selected` : ""}>${s}</option>`,
  )}</select></label>
<label>Repository <input name="repo" value="${q.repo ?? ""}" placeholder="owner/name"></label>
<label>Text <input name="q" value="${q.text ?? ""}" placeholder="title, actor, id"></label>
<button>Filter</button>
</form>
<div id="live">
<table class="jobs">
<thead><tr><th>State</th><th>Job</th><th>Repository</th><th>Issue</th><th>PR</th><th>Trigger</th><th>Queued</th><th>Started</th><th>Finished</th><th>Duration</th><th>Cost</th><th>Verified</th></tr></thead>
<tbody>${shown.map((j) => jobRow(j, c))}</tbody>
</table>
${shown.length === 0 ? emptyNote("jobs", "/ui/jobs", filters, q.page) : ""}
${pager("/ui/jobs", filters, q.page, jobs.length)}
</div>`;
  return layout("Jobs", "jobs", body);
}

function jobRow(j: JobSummary, c: DrawContext): Html {
  const issue = issueUrl(c.web, j.repo, j.issueNumber);
  const doing = j.state === "running" ? c.doing(j.id) : null;
  const pr = safeUrl(j.prUrl);
  return html`<tr data-job="${j.id}">
<td><span class="state ${j.state}">${j.state}</span>${doing ? html` <span class="doing">${doing.what}</span>` : ""}</td>
<td><a href="/ui/jobs/${j.id}">${j.id.slice(0, 8)}</a> <span class="title">${j.title}</span></td>
<td><a class="repo" href="/ui/jobs?${new URLSearchParams({ repo: j.repo }).toString()}" title="this repository's jobs">${j.repo}</a></td>
<td>${issue ? html`<a href="${issue}" rel="noreferrer">#${j.issueNumber}</a>` : issueLabel(j.issueNumber)}</td>
<td>${pr ? html`<a href="${pr}" rel="noreferrer">PR</a>` : ""}</td>
<td>${j.command} by ${j.actor}</td>
<td>${when(j.createdAt)}</td><td>${when(j.startedAt)}</td><td>${when(j.finishedAt)}</td>
<td>${duration(between(j.startedAt, j.finishedAt))}</td>
<td>${j.costUsd === null ? "" : `$${j.costUsd.toFixed(2)}`}</td>
<td>${j.verified === null ? "" : j.verified ? "yes" : "no"}</td>
</tr>`;
}
