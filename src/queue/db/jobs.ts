import { RetryLaterError } from "../../errors/index.ts";
import { JOB_ID_PREFIX } from "../job-id.ts";
import type { JobRecord, JobState, RunRecord } from "../records.ts";
import type { RecordedRun } from "../store.ts";
import type { Sql } from "./database.ts";
import { toJob, toRun } from "./rows.ts";
import { storable, storableJson } from "./storable.ts";
import { settleWaiting } from "./waiting.ts";

/** Reads and state changes of booty.jobs and booty.runs; every function takes the database or a transaction. */

export async function getJob(db: Sql, id: string): Promise<JobRecord | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const { rows } = await db.query("SELECT * FROM booty.jobs WHERE id = $1", [id]);
  return rows[0] ? toJob(rows[0]) : null;
}

/**
 * The job whose id starts with `prefix`, and how many ids do: a job only when exactly one does. The
 * prefix is turned into the range of ids it covers, so the lookup walks the primary key.
 */
export async function findJobByPrefix(db: Sql, prefix: string): Promise<{ job: JobRecord | null; candidates: number }> {
  const digits = prefix.replaceAll("-", "").toLowerCase();
  if (!JOB_ID_PREFIX.test(prefix) || !/^[0-9a-f]{1,32}$/.test(digits)) return { job: null, candidates: 0 };
  const uuid = (hex: string) => hex.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
  const { rows } = await db.query(
    `SELECT *, count(*) OVER () AS candidates FROM booty.jobs WHERE id BETWEEN $1::uuid AND $2::uuid
     ORDER BY created_at LIMIT 1`,
    [uuid(digits.padEnd(32, "0")), uuid(digits.padEnd(32, "f"))],
  );
  const row = rows[0];
  const candidates = row ? Number(row.candidates) : 0;
  return { job: row && candidates === 1 ? toJob(row) : null, candidates };
}

export async function listJobs(db: Sql, limit = 50): Promise<JobRecord[]> {
  const { rows } = await db.query("SELECT * FROM booty.jobs ORDER BY created_at DESC, id LIMIT $1", [limit]);
  return rows.map(toJob);
}

export async function listRuns(db: Sql, jobId: string): Promise<RunRecord[]> {
  const { rows } = await db.query("SELECT * FROM booty.runs WHERE job_id = $1 ORDER BY attempt", [jobId]);
  return rows.map(toRun);
}

/**
 * What the job's recorded attempts before `attempt` spent on model calls: the caps are per job, so a retry
 * starts from there. The cost is null when one attempt's price was unknown.
 */
export async function spentBefore(
  db: Sql,
  jobId: string,
  attempt: number,
): Promise<{ inputTokens: number; outputTokens: number; costUsd: number | null }> {
  const { rows } = await db.query<{ i: string | null; o: string | null; c: string | null; unpriced: string }>(
    `SELECT sum(input_tokens) AS i, sum(output_tokens) AS o, sum(cost_usd) AS c,
       count(*) FILTER (WHERE cost_usd IS NULL AND coalesce(input_tokens, 0) + coalesce(output_tokens, 0) > 0) AS unpriced
     FROM booty.runs WHERE job_id = $1 AND attempt < $2`,
    [jobId, attempt],
  );
  const row = rows[0];
  return {
    inputTokens: Number(row?.i ?? 0),
    outputTokens: Number(row?.o ?? 0),
    costUsd: Number(row?.unpriced ?? 0) > 0 ? null : Number(row?.c ?? 0),
  };
}

/**
 * Marks a job running for one more attempt; null when it already ended (a stale or repeated claim). A
 * review job cannot start while another review job of its pull request has (`jobs_one_active`): the
 * outbox holds such a job back (undispatchedJobs), so only a race gets here, and it is told to try later.
 */
export async function startAttempt(db: Sql, id: string): Promise<JobRecord | null> {
  const { rows } = await db
    .query(
      `UPDATE booty.jobs SET state = 'running', attempts = attempts + 1, started_at = coalesce(started_at, now())
       WHERE id = $1 AND state IN ('queued', 'running') RETURNING *`,
      [id],
    )
    .catch((error: unknown) => {
      if ((error as { code?: unknown }).code !== "23505") throw error;
      throw new RetryLaterError("another review job on this pull request has started; this one waits for it");
    });
  return rows[0] ? toJob(rows[0]) : null;
}

export interface JobEnd {
  state: Exclude<JobState, "queued" | "running">;
  error?: string | null;
  prUrl?: string | null;
  branch?: string | null;
}

/**
 * Ends a job, and settles the requests that waited for it (settleWaiting): two statements, so pass a
 * transaction. Returns the id of the job a waiting request became, if one did.
 */
export async function finishJob(tx: Sql, id: string, end: JobEnd): Promise<string | null> {
  const { rows } = await tx.query<{ id: string; repo: string; issue_number: number }>(
    `UPDATE booty.jobs SET state = $2, error = $3, pr_url = coalesce($4, pr_url), branch = coalesce($5, branch),
     finished_at = now() WHERE id = $1 RETURNING id, repo, issue_number`,
    [id, end.state, nullable(end.error), end.prUrl ?? null, end.branch ?? null],
  );
  const ended = rows[0];
  if (!ended) return null;
  return settleWaiting(
    tx,
    { id: String(ended.id), repo: ended.repo, issueNumber: Number(ended.issue_number) },
    end.state,
  );
}

/** The payload of the delivery that created a job (kept only for deliveries that did). */
export async function triggerPayload(db: Sql, deliveryId: string): Promise<string | null> {
  const { rows } = await db.query<{ payload: string }>("SELECT payload FROM booty.deliveries WHERE id = $1", [
    deliveryId,
  ]);
  return rows[0]?.payload || null;
}

/** The payloads of the deliveries folded into a job (deliveries.ts), oldest first. */
export async function foldedPayloads(db: Sql, jobId: string, deliveryId: string): Promise<string[]> {
  const { rows } = await db.query<{ payload: string }>(
    `SELECT payload FROM booty.deliveries WHERE job_id = $1 AND id <> $2 AND payload <> ''
     ORDER BY received_at, id`,
    [jobId, deliveryId],
  );
  return rows.map((r) => r.payload);
}

/** Back to the queue for another attempt (retryable failure, shutdown, crash recovery). */
export async function requeueJob(db: Sql, id: string, error: string | null): Promise<void> {
  await db.query(
    "UPDATE booty.jobs SET state = 'queued', error = $2 WHERE id = $1 AND state IN ('queued', 'running')",
    [id, nullable(error)],
  );
}

export async function runningJobIds(db: Sql): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>("SELECT id FROM booty.jobs WHERE state = 'running'");
  return rows.map((r) => String(r.id));
}

/** One row per attempt: steps, timings, tokens, cost and outcome, for `booty job <id>`. */
export async function recordAttempt(db: Sql, run: RecordedRun): Promise<void> {
  const r = run.report;
  await db.query(
    `INSERT INTO booty.runs (job_id, attempt, started_at, finished_at, status, error, error_code, retryable, timings,
       input_tokens, output_tokens, cost_usd, report, verified)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (job_id, attempt) DO UPDATE SET finished_at = EXCLUDED.finished_at, status = EXCLUDED.status,
       error = EXCLUDED.error, error_code = EXCLUDED.error_code, retryable = EXCLUDED.retryable,
       timings = EXCLUDED.timings, input_tokens = EXCLUDED.input_tokens, output_tokens = EXCLUDED.output_tokens,
       cost_usd = EXCLUDED.cost_usd, report = EXCLUDED.report, verified = EXCLUDED.verified`,
    [
      run.jobId,
      run.attempt,
      run.startedAt.toISOString(),
      run.finishedAt.toISOString(),
      run.status,
      nullable(run.error?.message),
      run.error?.code ?? null,
      run.error?.retryable ?? null,
      // Pairs, not an object: the database's JSON type reorders keys, and these are in the pipeline's order.
      r ? storableJson(Object.entries(r.timings)) : null,
      r?.usage.inputTokens ?? null,
      r?.usage.outputTokens ?? null,
      r?.usage.costUsd ?? null,
      r ? storableJson(r) : null,
      // Its own column: the totals and the jobs page read it without loading the report (diff, log).
      typeof r?.verified === "boolean" ? r.verified : null,
    ],
  );
}

/**
 * Jobs to hand to pg-boss, oldest first. A pull request's next review job is held back while another of
 * its review jobs has started and not ended (running, or queued again for a retry): one at a time per
 * pull request, whichever worker or process would claim it, and reviews keep folding into it meanwhile.
 */
export async function undispatchedJobs(db: Sql, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM booty.jobs j WHERE NOT dispatched
       AND NOT (command = 'review' AND EXISTS (SELECT 1 FROM booty.jobs r WHERE r.repo = j.repo
         AND r.issue_number = j.issue_number AND r.command = 'review' AND r.state IN ('queued', 'running')
         AND r.started_at IS NOT NULL AND r.id <> j.id))
     ORDER BY created_at LIMIT $1`,
    [limit],
  );
  return rows.map((r) => String(r.id));
}

export async function markDispatched(db: Sql, ids: string[]): Promise<void> {
  await db.query("UPDATE booty.jobs SET dispatched = true WHERE id = ANY($1::uuid[])", [ids]);
}

const nullable = (text: string | null | undefined): string | null => (text == null ? null : storable(text));
