import { silentLogger } from "../../src/log/logger.ts";
import type { Database } from "../../src/queue/db/database.ts";
import { openStore, type PgStore } from "../../src/queue/db/open-store.ts";

const LOG = Array.from({ length: 30 }, (_, n) => ({
  at: "2026-01-01T00:00:00.000Z",
  level: "info",
  msg: `generate: step ${n} of the change`,
  step: "generate",
}));

/**
 * Fills a store as a busy installation's would be: `jobs` finished jobs over 50 repositories, each with an
 * attempt whose report has step timings, a verdict, a 6 kB diff and 30 log lines, and `deliveries` deliveries, one in ten ignored.
 * In SQL, so that seeding takes seconds, not the intake's path (measured by bench:webhooks). On PostgreSQL the
 * tables are analyzed afterwards, as autovacuum would soon do on its own; PGlite has no autovacuum, so
 * there the planner works without statistics, as it would in a real installation.
 */
export async function seed(db: Database, jobs: number, deliveries: number): Promise<void> {
  const { kind } = db;
  await db.query(
    `INSERT INTO booty.jobs (id, delivery_id, repo, issue_number, title, actor, command, state, attempts, dispatched,
       created_at, started_at, finished_at, pr_url)
     SELECT md5('job' || i)::uuid, 'job-delivery-' || i, 'octo/repo-' || (i % 50), i, 'Fix bug number ' || i, 'alice',
       'run', CASE WHEN i % 7 = 0 THEN 'failed' ELSE 'succeeded' END, 1, true,
       now() - (i || ' minutes')::interval, now() - (i || ' minutes')::interval + interval '5 seconds',
       now() - (i || ' minutes')::interval + interval '3 minutes', 'https://github.com/octo/repo/pull/' || i
     FROM generate_series(1, $1::int) AS i`,
    [jobs],
  );
  await db.query(
    `INSERT INTO booty.runs (job_id, attempt, started_at, finished_at, status, timings, input_tokens, output_tokens,
       cost_usd, report, verified)
     SELECT md5('job' || i)::uuid, 1, now(), now(), CASE WHEN i % 7 = 0 THEN 'failed' ELSE 'succeeded' END,
       '[["workspace",800],["localize",2100],["analyze",9000],["generate",30000],["verify",60000],["publish",900]]',
       12000, 3000, 0.08, jsonb_build_object('verified', i % 3 <> 0, 'timings', '{}'::jsonb, 'usage', '{}'::jsonb,
         'verification', '{"command":"pytest","rounds":[{"round":1,"passed":true,"failures":[],"durationMs":60000}]}'::jsonb,
         'diff', jsonb_build_object('text', repeat('+    return total  # a line of change ' || i || E'\\n', 150),
           'truncated', false),
         'log', $2::jsonb),
       i % 3 <> 0
     FROM generate_series(1, $1::int) AS i`,
    [jobs, JSON.stringify(LOG)],
  );
  await db.query(
    `INSERT INTO booty.deliveries (id, event, action, repo, sender, outcome, job_id, received_at, payload)
     SELECT 'delivery-' || i, 'issues', 'labeled', 'octo/repo-' || (i % 50), 'alice',
       CASE WHEN i % 10 = 0 THEN 'ignored: label other is not the trigger' ELSE 'queued' END,
       CASE WHEN i % 10 = 0 OR i > $2::int THEN NULL ELSE md5('job' || i)::uuid END,
       now() - (i || ' seconds')::interval, ''
     FROM generate_series(1, $1::int) AS i`,
    [deliveries, jobs],
  );
  if (kind === "postgres") await db.query("ANALYZE booty.jobs, booty.runs, booty.deliveries");
}

/** A store of its own, seeded; and how long the seeding took. */
export async function seedStore(
  dataDir: string,
  databaseUrl: string | undefined,
  jobs: number,
  deliveries: number,
): Promise<{ store: PgStore; seededMs: number }> {
  const store = await openStore({ dataDir, databaseUrl, logger: silentLogger() });
  const started = performance.now();
  await seed(store.db, jobs, deliveries);
  return { store, seededMs: performance.now() - started };
}
