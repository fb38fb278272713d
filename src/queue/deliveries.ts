import type { Sql } from "./db.ts";
import type { DeliveryRecord, IntakeResult } from "./types.ts";

const BUSY = "ignored: the issue already has a queued or running job";
const COLUMNS = ["text", "text", "text", "text", "text", "text", "uuid", "int", "text", "text", "text", "bigint"];

/**
 * Stores a batch of verified deliveries and the jobs they ask for. Each delivery is written in the same
 * statement as its job, so the pair is atomic without an explicit transaction, and a batch costs at most
 * two statements however many deliveries it holds. A redelivery (same id)
 * writes nothing; a job for an issue that already has a queued or running one is not created (the
 * partial unique index decides, also between concurrent processes), and its delivery says so.
 * Scalar parameters rather than arrays: array literals would escape every quote of every payload.
 */
export async function insertDeliveries(db: Sql, records: DeliveryRecord[]): Promise<IntakeResult[]> {
  const seen = new Set<string>();
  const fresh = records.filter((r) => !seen.has(r.id) && seen.add(r.id));
  // Deliveries without a job (most of them) take the plain insert; planning the CTE costs milliseconds.
  const plain = fresh.filter((r) => r.job === null);
  const withJob = fresh.filter((r) => r.job !== null);
  const [a, b] = await Promise.all([insertPlain(db, plain), insertWithJobs(db, withJob)]);
  const rows = [...a, ...b];
  const inserted = new Map(rows.map((r) => [r.id, { outcome: r.outcome, jobId: r.job_id }]));
  const earlier = await previousOutcomes(
    db,
    records.filter((r) => !inserted.has(r.id)).map((r) => r.id),
  );
  const answered = new Set<string>();
  return records.map((r) => {
    const now = inserted.get(r.id);
    if (now && !answered.has(r.id)) {
      answered.add(r.id);
      return { deliveryId: r.id, duplicate: false, outcome: now.outcome, jobId: now.jobId };
    }
    const before = earlier.get(r.id) ?? now;
    return { deliveryId: r.id, duplicate: true, outcome: before?.outcome ?? "duplicate", jobId: before?.jobId ?? null };
  });
}

type Inserted = { id: string; outcome: string; job_id: string | null };

async function insertPlain(db: Sql, records: DeliveryRecord[]): Promise<Inserted[]> {
  if (records.length === 0) return [];
  const params: unknown[] = [];
  const tuples = records.map((r) => {
    const base = params.length;
    params.push(r.id, r.event, r.action, r.repo, r.outcome, r.payload);
    return `($${base + 1}::text, $${base + 2}::text, $${base + 3}::text, $${base + 4}::text, $${base + 5}::text, $${base + 6}::text)`;
  });
  const { rows } = await db.query<Inserted>(
    `INSERT INTO booty.deliveries (id, event, action, repo, outcome, payload) VALUES ${tuples.join(", ")}
     ON CONFLICT (id) DO NOTHING RETURNING id, outcome, job_id`,
    params,
  );
  return rows;
}

async function insertWithJobs(db: Sql, records: DeliveryRecord[]): Promise<Inserted[]> {
  if (records.length === 0) return [];
  const params: unknown[] = [];
  const tuples = records.map((r) => {
    const base = params.length;
    const j = r.job;
    params.push(r.id, r.event, r.action, r.repo, r.outcome, r.payload, j?.id ?? null, j?.issueNumber ?? null);
    params.push(j?.title ?? null, j?.actor ?? null, j?.command ?? null, j?.installationId ?? null);
    return `(${COLUMNS.map((type, i) => `$${base + i + 1}::${type}`).join(", ")})`;
  });
  const { rows } = await db.query<Inserted>(
    `WITH v (id, event, action, repo, outcome, payload, job_id, issue_number, title, actor, command, installation_id)
       AS (VALUES ${tuples.join(", ")}),
     fresh AS (SELECT v.* FROM v WHERE NOT EXISTS (SELECT 1 FROM booty.deliveries d WHERE d.id = v.id)),
     j AS (
       INSERT INTO booty.jobs (id, delivery_id, repo, issue_number, title, actor, command, installation_id, state)
       SELECT job_id, id, repo, issue_number, title, actor, command, installation_id, 'queued'
       FROM fresh
       ON CONFLICT (repo, issue_number) WHERE state IN ('queued', 'running') DO NOTHING
       RETURNING id)
     INSERT INTO booty.deliveries (id, event, action, repo, outcome, job_id, payload)
     SELECT f.id, f.event, f.action, f.repo,
       CASE WHEN f.job_id IN (SELECT id FROM j) THEN f.outcome ELSE '${BUSY}' END,
       CASE WHEN f.job_id IN (SELECT id FROM j) THEN f.job_id END,
       f.payload
     FROM fresh f
     ON CONFLICT (id) DO NOTHING
     RETURNING id, outcome, job_id`,
    params,
  );
  return rows;
}

async function previousOutcomes(
  db: Sql,
  ids: string[],
): Promise<Map<string, { outcome: string; jobId: string | null }>> {
  const out = new Map<string, { outcome: string; jobId: string | null }>();
  if (ids.length === 0) return out;
  const { rows } = await db.query<{ id: string; outcome: string; job_id: string | null }>(
    "SELECT id, outcome, job_id FROM booty.deliveries WHERE id = ANY($1::text[])",
    [ids],
  );
  for (const row of rows) out.set(row.id, { outcome: row.outcome, jobId: row.job_id });
  return out;
}
