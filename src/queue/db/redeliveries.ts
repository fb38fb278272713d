import type { DeliveryRecord } from "../records.ts";
import type { Sql } from "./database.ts";

/** The outcome of a delivery the intake refused starts so: `refused: signature does not match`. */
export const REFUSED = "refused:";

/** Refused deliveries kept: anyone can send them, so only the latest are, enough to see what goes wrong. */
export const MAX_REFUSED = 1000;

/**
 * Counts, on the stored delivery, the ones among `records` (already stored) that GitHub sent again, and
 * returns their ids. A record received no later than the stored delivery's last receipt is the same
 * receipt replayed from the journal (after a crash, or a batch the database refused once), not a
 * redelivery. Records from journals older than `receivedAt` count as replays.
 */
export async function countRedeliveries(db: Sql, records: DeliveryRecord[]): Promise<Set<string>> {
  const timed = records.filter((r) => r.receivedAt);
  if (timed.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>(
    `WITH v AS (SELECT * FROM json_to_recordset($1::json) AS v (id text, received_at timestamptz)),
     n AS (
       SELECT v.id, count(*) AS n, max(v.received_at) AS last FROM v JOIN booty.deliveries d ON d.id = v.id
       WHERE v.received_at > coalesce(d.redelivered_at, d.received_at) GROUP BY v.id)
     UPDATE booty.deliveries d SET redeliveries = d.redeliveries + n.n, redelivered_at = n.last
     FROM n WHERE d.id = n.id RETURNING d.id`,
    [JSON.stringify(timed.map((r) => ({ id: r.id, received_at: r.receivedAt })))],
  );
  return new Set(rows.map((r) => String(r.id)));
}

/** Keeps the latest MAX_REFUSED refused deliveries, so that a flood of forged ones cannot fill the disk. */
export async function pruneRefused(db: Sql): Promise<void> {
  await db.query(
    `DELETE FROM booty.deliveries WHERE outcome LIKE 'refused:%' AND received_at < (
       SELECT received_at FROM booty.deliveries WHERE outcome LIKE 'refused:%'
       ORDER BY received_at DESC OFFSET $1 LIMIT 1)`,
    [MAX_REFUSED - 1],
  );
}
