import { type LocalRun, localAttempt } from "../local-runs.ts";
import type { Database } from "./database.ts";
import { recordAttempt } from "./jobs.ts";
import { storable } from "./storable.ts";

/**
 * Stores `booty run`'s runs as finished jobs of one attempt each, beside the service's. A run already
 * stored is left as it is, so the file can be imported again from its start (after a restart). Returns
 * how many were new.
 */
export async function importLocalRuns(db: Database, runs: LocalRun[]): Promise<number> {
  let added = 0;
  for (const run of runs) {
    const inserted = await db.transaction(async (tx) => {
      const { rows } = await tx.query(
        `INSERT INTO booty.jobs (id, delivery_id, repo, issue_number, title, actor, command, state, attempts,
           dispatched, created_at, started_at, finished_at, error, branch)
         VALUES ($1, $2, $3, $4, $5, $6, 'run', $7, 1, true, $8, $8, $9, $10, $11)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [
          run.id,
          `booty-run:${run.id}`,
          storable(String(run.repo)),
          Number.isInteger(run.issueNumber) ? run.issueNumber : 0,
          storable(String(run.title)),
          storable(String(run.actor)),
          run.status === "succeeded" ? "succeeded" : "failed",
          run.startedAt,
          run.finishedAt,
          run.error ? storable(String(run.error.message)) : null,
          typeof run.branch === "string" ? storable(run.branch) : null,
        ],
      );
      if (rows.length === 0) return false;
      await recordAttempt(tx, localAttempt(run));
      return true;
    });
    if (inserted) added++;
  }
  return added;
}
