import type { JobCommand, JobRecord, JobState, RunRecord } from "../records.ts";
import type { Row } from "./database.ts";

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Both drivers return the same columns, but int8 and timestamps come back in different types. */
export function toJob(row: Row): JobRecord {
  return {
    id: String(row.id),
    deliveryId: String(row.delivery_id),
    repo: String(row.repo),
    issueNumber: Number(row.issue_number),
    title: String(row.title),
    actor: String(row.actor),
    command: String(row.command) as JobCommand,
    installationId: num(row.installation_id),
    state: String(row.state) as JobState,
    attempts: Number(row.attempts),
    createdAt: iso(row.created_at) ?? "",
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    error: str(row.error),
    prUrl: str(row.pr_url),
    branch: str(row.branch),
  };
}

export function toRun(row: Row): RunRecord {
  return {
    jobId: String(row.job_id),
    attempt: Number(row.attempt),
    startedAt: iso(row.started_at) ?? "",
    finishedAt: iso(row.finished_at) ?? "",
    status: String(row.status),
    error: str(row.error),
    errorCode: str(row.error_code),
    retryable: row.retryable === null || row.retryable === undefined ? null : Boolean(row.retryable),
    timings: stepTimings(row.timings),
    verified: verifiedOf(row.report),
    inputTokens: num(row.input_tokens),
    outputTokens: num(row.output_tokens),
    costUsd: num(row.cost_usd),
  };
}

const json = (value: unknown): unknown => (typeof value === "string" ? JSON.parse(value) : value);

/** Step timings in the order the steps ran (stored as pairs; an object from before that, as it comes). */
function stepTimings(value: unknown): Record<string, number> | null {
  const parsed = json(value);
  if (Array.isArray(parsed)) return Object.fromEntries(parsed as [string, number][]);
  return (parsed ?? null) as Record<string, number> | null;
}

/** Whether the repository's tests passed with the change, from the run's report. */
function verifiedOf(value: unknown): boolean | null {
  const report = json(value) as { verified?: unknown } | null;
  return typeof report?.verified === "boolean" ? report.verified : null;
}
