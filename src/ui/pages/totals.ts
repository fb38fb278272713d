import type { JobTotals, TotalsRow } from "../../queue/index.ts";
import { type Bar, columnChart, rowChart } from "../charts.ts";
import { type Html, html } from "../html.ts";
import { layout } from "../layout.ts";
import { oneOf } from "../query.ts";

const WINDOWS = [7, 30, 90] as const;
const DAY_MS = 86_400_000;
const MAX_REPOS = 20;

/** How many days back the page looks: one of WINDOWS, 30 unless asked (another value: InputError). */
export function totalsDays(params: URLSearchParams): number {
  const asked = oneOf(
    params,
    "days",
    WINDOWS.map((d) => String(d)),
  );
  return asked === undefined ? 30 : Number(asked);
}

/** The first moment counted: midnight UTC, `days - 1` days before today. */
export const totalsSince = (days: number, now: Date): Date =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * DAY_MS);

const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
const percent = (v: number) => `${Math.round(v * 100)}%`;
const usd = (v: number) => `$${v.toFixed(2)}`;

/** Every day of the window, those without jobs too (a gap is a fact worth seeing). */
function everyDay(t: JobTotals, days: number): TotalsRow[] {
  const byKey = new Map(t.byDay.map((r) => [r.key, r]));
  const first = Date.parse(t.since);
  return Array.from({ length: days }, (_, i) => {
    const key = new Date(first + i * DAY_MS).toISOString().slice(0, 10);
    return byKey.get(key) ?? { key, jobs: 0, finished: 0, succeeded: 0, verified: 0, costUsd: null };
  });
}

function charts(rows: TotalsRow[], draw: typeof columnChart, label: (r: TotalsRow) => string): Html {
  const bars = (
    value: (r: TotalsRow) => number | null,
    title: (r: TotalsRow) => string,
    part?: (r: TotalsRow) => number,
  ) =>
    rows.map(
      (r): Bar => ({
        label: label(r),
        value: value(r),
        title: `${r.key}: ${title(r)}`,
        ...(part ? { part: part(r) } : {}),
      }),
    );
  const success = (r: TotalsRow) => rate(r.succeeded, r.finished);
  const verified = (r: TotalsRow) => rate(r.verified, r.succeeded);
  const show = (v: number | null, f: (n: number) => string) => (v === null ? "none" : f(v));
  return html`<div class="charts">
${draw(
  bars(
    (r) => r.jobs,
    (r) => `${r.jobs} jobs, ${r.succeeded} succeeded`,
    (r) => r.succeeded,
  ),
  { caption: "Jobs (succeeded darker)", format: String },
)}
${draw(
  bars(success, (r) => `${show(success(r), percent)} of ${r.finished} finished succeeded`),
  { caption: "Success rate", format: percent, max: 1 },
)}
${draw(
  bars(verified, (r) => `${show(verified(r), percent)} of ${r.succeeded} succeeded verified`),
  { caption: "Verified rate", format: percent, max: 1 },
)}
${draw(
  bars(
    (r) => r.costUsd,
    (r) => `cost ${show(r.costUsd, usd)}`,
  ),
  { caption: "Cost (USD)", format: usd },
)}
</div>`;
}

export function totalsPage(t: JobTotals, days: number): Html {
  const daily = everyDay(t, days);
  const repos = t.byRepo.slice(0, MAX_REPOS);
  const all = daily.reduce((n, r) => n + r.jobs, 0);
  const body = html`<h1>Totals</h1>
<form class="filters" method="get" action="/ui/totals"><label>Last <select name="days">${WINDOWS.map(
    (d) => html`<option value="${d}"${d === days ? html` selected` : ""}>${d} days</option>`,
  )}</select></label><button>Show</button></form>
<div id="live">
<p>${all} jobs since ${t.since.slice(0, 10)} (UTC). Success rate: succeeded of finished jobs; verified rate: of succeeded jobs, those whose change passed the repository's tests.</p>
<h2>Per day</h2>
${charts(daily, columnChart, (r) => r.key.slice(5))}
<h2>Per repository</h2>
${repos.length === 0 ? html`<p class="empty">No jobs in these days.</p>` : charts(repos, rowChart, (r) => r.key)}
${t.byRepo.length > MAX_REPOS ? html`<p class="note">The ${MAX_REPOS} repositories with the most jobs are shown.</p>` : ""}
</div>`;
  return layout("Totals", "totals", body);
}
