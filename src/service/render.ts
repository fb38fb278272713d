import type { JobRecord, RunRecord } from "../queue/index.ts";
import { formatUsd } from "../text/usd.ts";
import type { JobView } from "./job-view.ts";

const seconds = (from: string | null, to: string | null): string =>
  from && to ? `${((Date.parse(to) - Date.parse(from)) / 1000).toFixed(1)}s` : "-";

export function renderJobs(jobs: JobRecord[]): string {
  if (jobs.length === 0) return "no jobs\n";
  const rows = jobs.map((j) => [
    j.id,
    j.state,
    String(j.attempts),
    `${j.repo}#${j.issueNumber}`,
    j.createdAt.replace(/\.\d+Z$/, "Z"),
    seconds(j.startedAt, j.finishedAt),
    j.prUrl ?? (j.error ? j.error.slice(0, 60) : ""),
  ]);
  const head = ["ID", "STATE", "TRIES", "ISSUE", "CREATED", "TOOK", "PR / ERROR"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    `${cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd()}\n`;
  return line(head) + rows.map(line).join("");
}

export function renderJob(job: JobView): string {
  const out = [
    `job      ${job.id}`,
    `issue    ${job.repo}#${job.issueNumber} ${job.title}`,
    `by       ${job.actor} (${job.command}), delivery ${job.deliveryId}`,
    `state    ${job.state} after ${job.attempts} attempt(s)`,
    `created  ${job.createdAt}`,
    `took     ${seconds(job.startedAt, job.finishedAt)}`,
  ];
  const spent = totalCost(job.runs);
  if (spent !== undefined)
    out.push(
      `cost     ${spent === null ? "unknown (a model without a price)" : formatUsd(spent)}${job.runs.length > 1 ? ` over ${job.runs.length} attempts` : ""}`,
    );
  if (job.branch) out.push(`branch   ${job.branch}`);
  if (job.prUrl) out.push(`pr       ${job.prUrl}`);
  if (job.error) out.push(`error    ${job.error}`);
  for (const run of job.runs) {
    const timings = Object.entries(run.timings ?? {})
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}s`)
      .join(", ");
    const tokens = run.inputTokens === null ? "" : `, tokens ${run.inputTokens} in / ${run.outputTokens} out`;
    const cost = run.inputTokens === null ? "" : `, ${formatUsd(run.costUsd)}`;
    const verified = run.verified === null ? "" : run.verified ? ", verified" : ", NOT verified (draft PR)";
    out.push(
      `attempt ${run.attempt}: ${run.status}${verified} in ${seconds(run.startedAt, run.finishedAt)}${tokens}${cost}`,
    );
    if (timings) out.push(`  steps: ${timings}`);
    if (run.error) out.push(`  error: ${run.error}${run.retryable ? " (retryable)" : ""}`);
  }
  return `${out.join("\n")}\n`;
}

/** The job's spend over its attempts: undefined before any model call, null once one call had no price. */
function totalCost(runs: readonly RunRecord[]): number | null | undefined {
  const used = runs.filter((r) => r.inputTokens !== null);
  if (used.length === 0) return undefined;
  if (used.some((r) => r.costUsd === null)) return null;
  return used.reduce((n, r) => n + (r.costUsd ?? 0), 0);
}
