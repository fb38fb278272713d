import type { JobState } from "../records.ts";
import type { Sql } from "./database.ts";
import { ON_ACTIVE_CONFLICT } from "./schema.ts";

/**
 * What becomes of the deliveries that asked for work while their issue or pull request had a job
 * (`waiting_job`), once the job they waited on ends: on an issue, its active job (they have no job of
 * their own); on a pull request, the review job they were folded into (their `job_id`). A job that ended
 * denied did no work: its actor had no write access. Anyone may comment `/booty`, so without this a
 * maintainer's request arriving meanwhile would be lost with it; the oldest waiting request becomes the
 * next job instead (denied too, it hands on to the next), and the other requests folded into the denied
 * job move to it. After a job that did run, its waiting requests are settled: on an issue they stay
 * ignored, as asking again is; on a pull request they were taken up by the job. Returns the id of the
 * job made, if any.
 */
export async function settleWaiting(
  tx: Sql,
  ended: { id: string; repo: string; issueNumber: number },
  state: Exclude<JobState, "queued" | "running">,
): Promise<string | null> {
  const params = [ended.repo, ended.issueNumber, ended.id];
  if (state !== "denied") {
    await tx.query(`UPDATE booty.deliveries SET waiting_job = NULL WHERE ${WAITED_ON}`, params);
    return null;
  }
  const { rows } = await tx.query<{ id: string }>(
    `WITH next AS (
       SELECT id, waiting_job AS w FROM booty.deliveries WHERE ${WAITED_ON}
       ORDER BY received_at, (waiting_job->>'seq')::int LIMIT 1 FOR UPDATE),
     j AS (
       INSERT INTO booty.jobs (id, delivery_id, repo, issue_number, title, actor, command, installation_id, state)
       SELECT (w->>'id')::uuid, next.id, $1, $2, w->>'title', w->>'actor', w->>'command',
         (w->>'installation_id')::bigint, 'queued'
       FROM next
       ${ON_ACTIVE_CONFLICT} DO NOTHING
       RETURNING id, delivery_id)
     UPDATE booty.deliveries d SET outcome = 'queued', job_id = j.id, waiting_job = NULL
     FROM j WHERE d.id = j.delivery_id
     RETURNING j.id`,
    params,
  );
  const made = rows[0] ? String(rows[0].id) : null;
  if (made) {
    await tx.query("UPDATE booty.deliveries SET job_id = $2 WHERE job_id = $1 AND waiting_job IS NOT NULL", [
      ended.id,
      made,
    ]);
  }
  return made;
}

const WAITED_ON = `waiting_job IS NOT NULL AND repo = $1 AND (waiting_job->>'issue_number')::int = $2
  AND (job_id IS NULL OR job_id = $3::uuid)`;
