import { type DeliveryRecord, FOLDED_OUTCOME, type IntakeResult } from "../records.ts";
import type { Sql } from "./database.ts";
import { countRedeliveries, pruneRefused, REFUSED } from "./redeliveries.ts";
import { ON_ACTIVE_CONFLICT } from "./schema.ts";
import { storableJson } from "./storable.ts";

const BUSY = "ignored: the issue already has a queued or running job";
const REPLAY = "ignored: a replay of delivery ";
/** GitHub redelivers for up to three days: a trigger seen within them again is the same trigger. */
export const REPLAY_WINDOW_DAYS = 3;

/**
 * Stores a batch of verified deliveries, in the order they arrived, and the jobs they ask for. Each
 * delivery is written in the same statement as its job, so the pair is atomic without an explicit
 * transaction, and a batch costs at most two statements however many deliveries it holds. A redelivery
 * (same id) writes nothing; a job for an issue that already has a queued or running one is not created (the
 * partial unique index decides, also between concurrent processes), and its delivery says so and keeps
 * the job it asked for, in case the active one ends denied (waiting.ts). A review for a pull request whose
 * next review job is queued and not started creates none either: it is folded into that job (which reads
 * every open thread when it starts), and also keeps the job it asked for, for the same reason.
 */
export async function insertDeliveries(db: Sql, records: DeliveryRecord[]): Promise<IntakeResult[]> {
  const seen = new Set<string>();
  const fresh = records.filter((r) => !seen.has(r.id) && seen.add(r.id));
  // Deliveries without a job (most of them) take the plain insert; planning the CTE costs milliseconds.
  const batch = replaysWithinBatch(fresh);
  const plain = batch.filter((r) => r.job === null);
  const withJob = batch.filter((r) => r.job !== null);
  const [a, b] = await Promise.all([insertPlain(db, plain), insertWithJobs(db, withJob)]);
  const rows = [...a, ...b];
  const inserted = new Map(rows.map((r) => [r.id, { outcome: r.outcome, jobId: r.job_id }]));
  const answered = new Set<string>();
  const firsts = new Set(records.filter((r) => inserted.has(r.id) && !answered.has(r.id) && answered.add(r.id)));
  const again = records.filter((r) => !firsts.has(r));
  const [earlier, redelivered] = await Promise.all([
    previousOutcomes(
      db,
      again.filter((r) => !inserted.has(r.id)).map((r) => r.id),
    ),
    countRedeliveries(db, again),
  ]);
  if (plain.some((r) => r.outcome.startsWith(REFUSED))) await pruneRefused(db);
  return records.map((r) => {
    const now = inserted.get(r.id);
    if (now && firsts.has(r)) {
      return { deliveryId: r.id, duplicate: false, redelivery: false, outcome: now.outcome, jobId: now.jobId };
    }
    const before = earlier.get(r.id) ?? now;
    return {
      deliveryId: r.id,
      duplicate: true,
      redelivery: redelivered.has(r.id),
      outcome: before?.outcome ?? "duplicate",
      jobId: before?.jobId ?? null,
    };
  });
}

/** A second delivery of one trigger in the same batch is stored as a replay of the first, without a job. */
function replaysWithinBatch(records: DeliveryRecord[]): DeliveryRecord[] {
  const first = new Map<string, string>();
  return records.map((r) => {
    if (r.job === null || !r.triggerKey) return r;
    const original = first.get(r.triggerKey);
    if (original === undefined) {
      first.set(r.triggerKey, r.id);
      return r;
    }
    return { ...r, outcome: `${REPLAY}${original}`, payload: "", job: null };
  });
}

type Inserted = { id: string; outcome: string; job_id: string | null };

// The batch travels as one JSON parameter, unpacked by json_to_recordset: on the embedded database that
// is far cheaper than binding six or twelve parameters per row.
const ROW_TYPE = `seq int, id text, event text, action text, repo text, outcome text, payload text, job_id uuid,
  issue_number int, title text, actor text, command text, installation_id bigint, sender text,
  received_at timestamptz, claimed_id text, trigger_key text`;

const asJson = (records: DeliveryRecord[]): string =>
  storableJson(
    records.map((r, seq) => ({
      seq,
      id: r.id,
      event: r.event,
      action: r.action,
      repo: r.repo,
      outcome: r.outcome,
      payload: r.payload,
      job_id: r.job?.id ?? null,
      issue_number: r.job?.issueNumber ?? null,
      title: r.job?.title ?? null,
      actor: r.job?.actor ?? null,
      command: r.job?.command ?? null,
      installation_id: r.job?.installationId ?? null,
      sender: r.sender ?? null,
      received_at: r.receivedAt ?? null,
      claimed_id: r.claimedId ?? null,
      trigger_key: r.triggerKey ?? null,
    })),
  );

async function insertPlain(db: Sql, records: DeliveryRecord[]): Promise<Inserted[]> {
  if (records.length === 0) return [];
  const { rows } = await db.query<Inserted>(
    `INSERT INTO booty.deliveries (id, event, action, repo, outcome, payload, sender, received_at, claimed_id)
     SELECT id, event, action, repo, outcome, payload, sender, coalesce(received_at, now()), claimed_id
     FROM json_to_recordset($1::json) AS v (${ROW_TYPE})
     ON CONFLICT (id) DO NOTHING RETURNING id, outcome, job_id`,
    [asJson(records)],
  );
  return rows;
}

async function insertWithJobs(db: Sql, records: DeliveryRecord[]): Promise<Inserted[]> {
  if (records.length === 0) return [];
  const { rows } = await db.query<Inserted>(
    `WITH v AS (SELECT * FROM json_to_recordset($1::json) AS v (${ROW_TYPE})),
     fresh AS (SELECT v.* FROM v WHERE NOT EXISTS (SELECT 1 FROM booty.deliveries d WHERE d.id = v.id)),
     replay AS (
       SELECT f.id, (SELECT d.id FROM booty.deliveries d WHERE d.trigger_key = f.trigger_key
         AND d.received_at > now() - interval '${REPLAY_WINDOW_DAYS} days' ORDER BY d.received_at LIMIT 1) AS original
       FROM fresh f WHERE f.trigger_key IS NOT NULL),
     j AS (
       INSERT INTO booty.jobs (id, delivery_id, repo, issue_number, title, actor, command, installation_id, state)
       SELECT job_id, f.id, repo, issue_number, title, actor, command, installation_id, 'queued'
       FROM fresh f WHERE NOT EXISTS (SELECT 1 FROM replay r WHERE r.id = f.id AND r.original IS NOT NULL)
       ORDER BY seq
       ${ON_ACTIVE_CONFLICT} DO NOTHING
       RETURNING id, repo, issue_number, command),
     folded AS (
       SELECT f.id, coalesce(
         (SELECT n.id FROM j n WHERE n.repo = f.repo AND n.issue_number = f.issue_number AND n.command = 'review'),
         (SELECT q.id FROM booty.jobs q WHERE q.repo = f.repo AND q.issue_number = f.issue_number
            AND q.command = 'review' AND q.state = 'queued' AND q.started_at IS NULL FOR SHARE)) AS into_job
       FROM fresh f WHERE f.command = 'review' AND NOT EXISTS (SELECT 1 FROM j WHERE j.id = f.job_id)
         AND NOT EXISTS (SELECT 1 FROM replay r WHERE r.id = f.id AND r.original IS NOT NULL)),
     late AS (
       INSERT INTO booty.jobs (id, delivery_id, repo, issue_number, title, actor, command, installation_id, state)
       SELECT f.job_id, f.id, f.repo, f.issue_number, f.title, f.actor, f.command, f.installation_id, 'queued'
       FROM fresh f JOIN folded fo ON fo.id = f.id WHERE fo.into_job IS NULL
       ORDER BY f.seq
       ${ON_ACTIVE_CONFLICT} DO NOTHING
       RETURNING id, repo, issue_number),
     made AS (SELECT id FROM j UNION ALL SELECT id FROM late),
     target AS (SELECT fo.id, coalesce(fo.into_job,
         (SELECT l.id FROM late l WHERE l.repo = f.repo AND l.issue_number = f.issue_number)) AS job_id
       FROM folded fo JOIN fresh f ON f.id = fo.id)
     INSERT INTO booty.deliveries (id, event, action, repo, outcome, job_id, payload, waiting_job, sender,
       received_at, trigger_key)
     SELECT f.id, f.event, f.action, f.repo,
       CASE WHEN r.original IS NOT NULL THEN '${REPLAY}' || r.original
         WHEN j.id IS NOT NULL THEN f.outcome WHEN fo.job_id IS NOT NULL THEN '${FOLDED_OUTCOME}' ELSE '${BUSY}' END,
       coalesce(j.id, fo.job_id),
       CASE WHEN r.original IS NOT NULL THEN '' ELSE f.payload END,
       CASE WHEN j.id IS NULL AND r.original IS NULL THEN jsonb_build_object('id', f.job_id,
         'issue_number', f.issue_number, 'title', f.title, 'actor', f.actor, 'command', f.command,
         'installation_id', f.installation_id, 'seq', f.seq) END,
       f.sender, coalesce(f.received_at, now()), f.trigger_key
     FROM fresh f LEFT JOIN made j ON j.id = f.job_id LEFT JOIN replay r ON r.id = f.id LEFT JOIN target fo ON fo.id = f.id
     ON CONFLICT (id) DO NOTHING
     RETURNING id, outcome, job_id`,
    [asJson(records)],
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
