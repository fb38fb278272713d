import type { JobState } from "../records.ts";
import type { Sql } from "./database.ts";

/**
 * What becomes of the deliveries that asked for work on an issue while it had a job (`waiting_job`), once
 * that job ends. A job that ended denied did no work: its actor had no write access. Anyone may comment
 * `/booty`, so without this a maintainer's label arriving meanwhile would be lost with it; the oldest
 * waiting request becomes the issue's next job instead (denied too, it hands on to the next). After a
 * job that did run, the requests made during it are settled: they stay ignored, as asking again is.
 * Returns the id of the job made, if any.
 */
export async function settleWaiting(
  tx: Sql,
  ended: { repo: string; issueNumber: number },
  state: Exclude<JobState, "queued" | "running">,
): Promise<string | null> {
  const params = [ended.repo, ended.issueNumber];
  if (state !== "denied") {
    await tx.query(`UPDATE booty.deliveries SET waiting_job = NULL WHERE ${FOR_ISSUE}`, params);
    return null;
  }
  const { rows } = await tx.query<{ id: string }>(
    `WITH next AS (
       SELECT id, waiting_job AS w FROM booty.deliveries WHERE ${FOR_ISSUE}
       ORDER BY received_at, (waiting_job->>'seq')::int LIMIT 1 FOR UPDATE),
     j AS (
       INSERT INTO booty.jobs (id, delivery_id, repo, issue_number, title, actor, command, installation_id, state)
       SELECT (w->>'id')::uuid, next.id, $1, $2, w->>'title', w->>'actor', w->>'command',
         (w->>'installation_id')::bigint, 'queued'
       FROM next
       ON CONFLICT (repo, issue_number) WHERE state IN ('queued', 'running') DO NOTHING
       RETURNING id, delivery_id)
     UPDATE booty.deliveries d SET outcome = 'queued', job_id = j.id, waiting_job = NULL
     FROM j WHERE d.id = j.delivery_id
     RETURNING j.id`,
    params,
  );
  return rows[0] ? String(rows[0].id) : null;
}

const FOR_ISSUE = "waiting_job IS NOT NULL AND repo = $1 AND (waiting_job->>'issue_number')::int = $2";
