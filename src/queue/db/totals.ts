import type { JobTotals, TotalsRow } from "../records.ts";
import type { Sql } from "./database.ts";

/**
 * Jobs, successes, verified changes and cost per day (UTC) and per repository, over the jobs created
 * since `since`: the jobs in range (the created_at index), their runs summed in one pass. Whether a job's
 * change was verified is its succeeded run's column, so no report (with its diff and log) is loaded, except
 * for runs recorded before that column existed.
 */
export async function jobTotals(db: Sql, since: Date): Promise<JobTotals> {
  const { rows } = await db.query(
    `WITH j AS (
       SELECT id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, repo, state
       FROM booty.jobs WHERE created_at >= $1),
     r AS (
       SELECT r.job_id, sum(r.cost_usd) AS cost,
         bool_or(coalesce(r.verified, (r.report->>'verified')::boolean)) FILTER (WHERE r.status = 'succeeded')
           AS verified
       FROM booty.runs r JOIN j ON j.id = r.job_id GROUP BY r.job_id),
     per AS (SELECT j.day, j.repo, j.state, r.cost, r.verified FROM j LEFT JOIN r ON r.job_id = j.id)
     SELECT day, repo, count(*) AS jobs,
       count(*) FILTER (WHERE state IN ('succeeded', 'failed', 'denied')) AS finished,
       count(*) FILTER (WHERE state = 'succeeded') AS succeeded,
       count(*) FILTER (WHERE state = 'succeeded' AND verified) AS verified,
       sum(cost) AS cost
     FROM per GROUP BY GROUPING SETS ((day), (repo))`,
    [since.toISOString()],
  );
  const row = (key: string, r: Record<string, unknown>): TotalsRow => ({
    key,
    jobs: Number(r.jobs),
    finished: Number(r.finished),
    succeeded: Number(r.succeeded),
    verified: Number(r.verified),
    costUsd: r.cost === null || r.cost === undefined ? null : Number(r.cost),
  });
  const byDay = rows.filter((r) => r.day !== null).map((r) => row(String(r.day), r));
  const byRepo = rows.filter((r) => r.repo !== null).map((r) => row(String(r.repo), r));
  byDay.sort((a, b) => a.key.localeCompare(b.key));
  byRepo.sort((a, b) => b.jobs - a.jobs || a.key.localeCompare(b.key));
  return { since: since.toISOString(), byDay, byRepo };
}
