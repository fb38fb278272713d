import type { Sql } from "./db.ts";
import type { DeliveryRecord, IntakeResult } from "./types.ts";

/**
 * Stores a batch of verified deliveries and the jobs they ask for, in the caller's transaction, with
 * one statement per table however many deliveries the batch holds. Redeliveries (same delivery id)
 * write nothing; a job for an issue that already has a queued or running one is not created.
 */
export async function insertDeliveries(tx: Sql, records: DeliveryRecord[]): Promise<IntakeResult[]> {
  const seen = new Set<string>();
  const fresh = records.filter((r) => !seen.has(r.id) && seen.add(r.id));
  const inserted = new Set(
    (
      await tx.query<{ id: string }>(
        `INSERT INTO booty.deliveries (id, event, action, repo, outcome, job_id, payload)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[])
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [
          fresh.map((r) => r.id),
          fresh.map((r) => r.event),
          fresh.map((r) => r.action),
          fresh.map((r) => r.repo),
          fresh.map((r) => r.outcome),
          fresh.map((r) => r.job?.id ?? null),
          fresh.map((r) => r.payload),
        ],
      )
    ).rows.map((r) => r.id),
  );
  const jobs = fresh.filter((r) => inserted.has(r.id) && r.job).map((r) => ({ ...r.job!, deliveryId: r.id }));
  const created = new Set<string>();
  if (jobs.length > 0) {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO booty.jobs (id, delivery_id, repo, issue_number, title, actor, command, installation_id, state)
       SELECT *, 'queued' FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::bigint[])
       ON CONFLICT (repo, issue_number) WHERE state IN ('queued', 'running') DO NOTHING RETURNING id`,
      [
        jobs.map((j) => j.id),
        jobs.map((j) => j.deliveryId),
        jobs.map((j) => j.repo),
        jobs.map((j) => j.issueNumber),
        jobs.map((j) => j.title),
        jobs.map((j) => j.actor),
        jobs.map((j) => j.command),
        jobs.map((j) => j.installationId),
      ],
    );
    for (const row of rows) created.add(String(row.id));
  }
  const refused = jobs.filter((j) => !created.has(j.id)).map((j) => j.deliveryId);
  if (refused.length > 0) {
    await tx.query(
      `UPDATE booty.deliveries SET outcome = 'ignored: the issue already has a queued or running job', job_id = NULL
       WHERE id = ANY($1::text[])`,
      [refused],
    );
  }
  const earlier = await previousOutcomes(
    tx,
    records.filter((r) => !inserted.has(r.id)).map((r) => r.id),
  );
  const answered = new Set<string>();
  return records.map((r) => {
    if (!inserted.has(r.id) || answered.has(r.id)) {
      const before = earlier.get(r.id);
      return {
        deliveryId: r.id,
        duplicate: true,
        outcome: before?.outcome ?? "duplicate",
        jobId: before?.jobId ?? null,
      };
    }
    answered.add(r.id);
    if (r.job && !created.has(r.job.id)) {
      return {
        deliveryId: r.id,
        duplicate: false,
        outcome: "ignored: the issue already has a queued or running job",
        jobId: null,
      };
    }
    return { deliveryId: r.id, duplicate: false, outcome: r.outcome, jobId: r.job?.id ?? null };
  });
}

async function previousOutcomes(
  tx: Sql,
  ids: string[],
): Promise<Map<string, { outcome: string; jobId: string | null }>> {
  const out = new Map<string, { outcome: string; jobId: string | null }>();
  if (ids.length === 0) return out;
  const { rows } = await tx.query<{ id: string; outcome: string; job_id: string | null }>(
    "SELECT id, outcome, job_id FROM booty.deliveries WHERE id = ANY($1::text[])",
    [ids],
  );
  for (const row of rows) out.set(row.id, { outcome: row.outcome, jobId: row.job_id });
  return out;
}
