import type { DeliveryView } from "../records.ts";
import type { Row, Sql } from "./database.ts";
import { REFUSED } from "./redeliveries.ts";

const IGNORED = "ignored:";

/** The latest deliveries, newest first, each with its outcome: what `booty deliveries` lists. */
export async function listDeliveries(db: Sql, limit = 50): Promise<DeliveryView[]> {
  const { rows } = await db.query(
    `SELECT id, event, action, repo, sender, outcome, job_id, received_at, claimed_id, redeliveries, redelivered_at
     FROM booty.deliveries ORDER BY received_at DESC, id LIMIT $1`,
    [limit],
  );
  return rows.map(toDelivery);
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());

export function toDelivery(row: Row): DeliveryView {
  const stored = String(row.outcome);
  const refused = stored.startsWith(REFUSED);
  const ignored = stored.startsWith(IGNORED);
  return {
    id: refused ? str(row.claimed_id) : String(row.id),
    event: str(row.event),
    action: str(row.action),
    repo: str(row.repo),
    sender: str(row.sender),
    // A job means accepted, also when a request that waited became the job later (waiting.ts).
    outcome: row.job_id ? "accepted" : refused ? "refused" : ignored ? "ignored" : "accepted",
    reason: row.job_id ? null : refused || ignored ? stored.slice(stored.indexOf(":") + 1).trim() : null,
    jobId: str(row.job_id),
    receivedAt: iso(row.received_at) ?? "",
    redeliveries: Number(row.redeliveries ?? 0),
    lastRedeliveredAt: iso(row.redelivered_at),
  };
}
