import type { DeliveryQuery, DeliveryView } from "../records.ts";
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

/** One page of deliveries, newest first, narrowed by outcome and repository: the dashboard's deliveries page. */
export async function queryDeliveries(db: Sql, q: DeliveryQuery): Promise<DeliveryView[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  // As toDelivery decides it: a job means accepted, whatever the stored outcome says.
  if (q.outcome === "accepted")
    where.push("(job_id IS NOT NULL OR (outcome NOT LIKE 'refused:%' AND outcome NOT LIKE 'ignored:%'))");
  if (q.outcome === "ignored") where.push("job_id IS NULL AND outcome LIKE 'ignored:%'");
  if (q.outcome === "refused") where.push("job_id IS NULL AND outcome LIKE 'refused:%'");
  if (q.repo) where.push(`lower(repo) = lower(${param(q.repo)})`);
  const { rows } = await db.query(
    `SELECT id, event, action, repo, sender, outcome, job_id, received_at, claimed_id, redeliveries, redelivered_at
     FROM booty.deliveries ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY received_at DESC, id LIMIT ${param(q.limit)} OFFSET ${param(q.offset)}`,
    params,
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
    // A job means accepted, also when a request that waited became the issue's job later (waiting.ts).
    outcome: row.job_id ? "accepted" : refused ? "refused" : ignored ? "ignored" : "accepted",
    // An accepted delivery has a reason only when it did not make its job: it was folded into a queued one.
    reason: row.job_id
      ? stored === "queued"
        ? null
        : stored
      : refused || ignored
        ? stored.slice(stored.indexOf(":") + 1).trim()
        : null,
    jobId: str(row.job_id),
    receivedAt: iso(row.received_at) ?? "",
    redeliveries: Number(row.redeliveries ?? 0),
    lastRedeliveredAt: iso(row.redelivered_at),
  };
}
