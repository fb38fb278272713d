import type { Database } from "./database.ts";

/**
 * booty's own tables, next to pg-boss's in the same database. `jobs_one_active` is what keeps an issue
 * from getting a second job while one is queued or running, whichever process received the delivery; a
 * pull request's review jobs take two places in it, one for the job that has started (running, or queued
 * again for a retry) and one for the job that has not yet, which later reviews fold into (deliveries.ts). A delivery that asked for work while its issue was busy keeps the job it asked
 * for in `waiting_job`, until the active job ends (see waiting.ts). Every delivery is kept with its outcome,
 * refused ones included (at most the latest MAX_REFUSED of those, see deliveries.ts).
 */
/** The column of `jobs_one_active` that gives a pull request's next review job a place of its own. */
const NOT_STARTED_REVIEW = "(command = 'review' AND started_at IS NULL)";

/** What an insert into booty.jobs names to be refused, rather than fail, when its issue's place is taken. */
export const ON_ACTIVE_CONFLICT = `ON CONFLICT (repo, issue_number, ${NOT_STARTED_REVIEW}) WHERE state IN ('queued', 'running')`;

const SCHEMA = `
CREATE SCHEMA IF NOT EXISTS booty;
CREATE TABLE IF NOT EXISTS booty.deliveries (
  id text PRIMARY KEY,
  event text NOT NULL,
  action text,
  repo text,
  outcome text NOT NULL,
  job_id uuid,
  received_at timestamptz NOT NULL DEFAULT now(),
  payload text NOT NULL
);
CREATE TABLE IF NOT EXISTS booty.jobs (
  id uuid PRIMARY KEY,
  delivery_id text NOT NULL,
  repo text NOT NULL,
  issue_number integer NOT NULL,
  title text NOT NULL,
  actor text NOT NULL,
  command text NOT NULL,
  installation_id bigint,
  state text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  dispatched boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  error text,
  pr_url text,
  branch text
);
CREATE UNIQUE INDEX IF NOT EXISTS jobs_one_active ON booty.jobs (repo, issue_number, ${NOT_STARTED_REVIEW})
  WHERE state IN ('queued', 'running');
DROP INDEX IF EXISTS booty.jobs_one_active_per_issue;
CREATE INDEX IF NOT EXISTS jobs_undispatched ON booty.jobs (created_at) WHERE NOT dispatched;
CREATE INDEX IF NOT EXISTS jobs_created ON booty.jobs (created_at DESC);
ALTER TABLE booty.deliveries ADD COLUMN IF NOT EXISTS waiting_job jsonb;
CREATE INDEX IF NOT EXISTS deliveries_waiting ON booty.deliveries (repo) WHERE waiting_job IS NOT NULL;
ALTER TABLE booty.deliveries ADD COLUMN IF NOT EXISTS sender text;
ALTER TABLE booty.deliveries ADD COLUMN IF NOT EXISTS claimed_id text;
ALTER TABLE booty.deliveries ADD COLUMN IF NOT EXISTS redeliveries integer NOT NULL DEFAULT 0;
ALTER TABLE booty.deliveries ADD COLUMN IF NOT EXISTS redelivered_at timestamptz;
CREATE INDEX IF NOT EXISTS deliveries_received ON booty.deliveries (received_at DESC);
CREATE INDEX IF NOT EXISTS deliveries_refused ON booty.deliveries (received_at) WHERE outcome LIKE 'refused:%';
ALTER TABLE booty.deliveries ADD COLUMN IF NOT EXISTS trigger_key text;
CREATE INDEX IF NOT EXISTS deliveries_trigger ON booty.deliveries (trigger_key, received_at)
  WHERE trigger_key IS NOT NULL;
CREATE TABLE IF NOT EXISTS booty.runs (
  job_id uuid NOT NULL REFERENCES booty.jobs (id),
  attempt integer NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  status text NOT NULL,
  error text,
  error_code text,
  retryable boolean,
  timings jsonb,
  input_tokens integer,
  output_tokens integer,
  cost_usd double precision,
  report jsonb,
  PRIMARY KEY (job_id, attempt)
);
ALTER TABLE booty.runs ADD COLUMN IF NOT EXISTS verified boolean;
`;

/** Creates the tables once; an advisory lock keeps several processes starting together from racing. */
export async function migrate(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(7426118)");
    for (const statement of SCHEMA.split(";").map((s) => s.trim())) {
      if (statement) await tx.query(statement);
    }
  });
}
