import type { JobQuery, JobSummary } from "../records.ts";
import type { Sql } from "./database.ts";
import { toJob } from "./rows.ts";

/**
 * One page of jobs, newest first, narrowed by state, repository and a text the title, repository, actor
 * or id contains; each with whether its latest attempt was verified and what its attempts cost. What the dashboard's jobs page lists.
 */
export async function queryJobs(db: Sql, q: JobQuery): Promise<JobSummary[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (q.state) where.push(`j.state = ${param(q.state)}`);
  // GitHub names repositories case-insensitively: "Octo/Calc" is octo/calc.
  if (q.repo) where.push(`lower(j.repo) = lower(${param(q.repo)})`);
  if (q.text) {
    // The text is matched literally: LIKE's own wildcards in it are escaped.
    const like = param(`%${q.text.replace(/[\\%_]/g, "\\$&")}%`);
    where.push(`(j.title ILIKE ${like} OR j.repo ILIKE ${like} OR j.actor ILIKE ${like} OR j.id::text LIKE ${like})`);
  }
  // The page is cut first, so that runs are looked up for the jobs shown only, not also for every job
  // skipped before them (a deep page would otherwise cost as many lookups as its offset).
  const { rows } = await db.query(
    `SELECT j.*, (SELECT coalesce(r.verified::text, r.report->>'verified') FROM booty.runs r WHERE r.job_id = j.id
       ORDER BY r.attempt DESC LIMIT 1)
       AS verified, (SELECT sum(r.cost_usd) FROM booty.runs r WHERE r.job_id = j.id) AS cost_usd
     FROM (SELECT * FROM booty.jobs j ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY j.created_at DESC, j.id LIMIT ${param(q.limit)} OFFSET ${param(q.offset)}) j
     ORDER BY j.created_at DESC, j.id`,
    params,
  );
  return rows.map((row) => ({
    ...toJob(row),
    verified: row.verified === "true" ? true : row.verified === "false" ? false : null,
    costUsd: row.cost_usd === null || row.cost_usd === undefined ? null : Number(row.cost_usd),
  }));
}

/** Each attempt's full report (as the pipeline wrote it), oldest first; what a job's dashboard page draws. */
export async function runReports(db: Sql, jobId: string): Promise<{ attempt: number; report: unknown }[]> {
  if (!/^[0-9a-f-]{36}$/i.test(jobId)) return [];
  const { rows } = await db.query("SELECT attempt, report FROM booty.runs WHERE job_id = $1 ORDER BY attempt", [jobId]);
  return rows.map((row) => ({
    attempt: Number(row.attempt),
    report: typeof row.report === "string" ? JSON.parse(row.report) : (row.report ?? null),
  }));
}
