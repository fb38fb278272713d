import type { Sql } from "./database.ts";
import { REPLAY_WINDOW_DAYS } from "./deliveries.ts";

/**
 * Deletes deliveries older than `days` (never fewer than the replay window, whose dedupe reads them),
 * except those still needed: a job that is queued or running reads its delivery's payload, and a waiting
 * request holds its job in its delivery. Returns how many went.
 */
export async function pruneDeliveries(db: Sql, days: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `WITH gone AS (
       DELETE FROM booty.deliveries d
       WHERE d.received_at < now() - make_interval(days => $1::int) AND d.waiting_job IS NULL
         AND NOT EXISTS (SELECT 1 FROM booty.jobs j WHERE j.delivery_id = d.id AND j.state IN ('queued', 'running'))
       RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [Math.max(days, REPLAY_WINDOW_DAYS)],
  );
  return rows[0]?.n ?? 0;
}
