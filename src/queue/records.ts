/** What the queue stores, in the shape the rest of booty sees (camelCase, ISO timestamps). */

export type JobState = "queued" | "running" | "succeeded" | "failed" | "denied";
/**
 * `run`/`retry`: work on an issue. `review`: follow-up work on a pull request booty opened, asked by a
 * review or a `/booty <instruction>` on it; for these, `issueNumber` is the pull request's number.
 */
export type JobCommand = "run" | "retry" | "review";

/**
 * The outcome of a delivery that asked for a review of a pull request whose next review job was queued
 * and not yet started: it made no job of its own, that job takes it up (its `jobId`).
 */
export const FOLDED_OUTCOME = "folded into the queued review job of its pull request";

/** A job as the intake decides it, before it is stored. */
export interface NewJob {
  id: string;
  repo: string;
  issueNumber: number;
  title: string;
  actor: string;
  command: JobCommand;
  installationId: number | null;
}

/**
 * One delivery to store, with the job it asks for, if any. A refused delivery (bad signature, bad
 * headers or body) is kept too, under an id of its own: what it claims cannot be trusted, so its
 * `X-GitHub-Delivery` is only `claimedId`, and it can never stand in for the real delivery of that id.
 */
export interface DeliveryRecord {
  id: string;
  event: string;
  action: string | null;
  repo: string | null;
  /** Who caused the event (`sender.login`); null when unknown or refused. */
  sender?: string | null;
  /** When the intake received it (ISO); absent in journals written before it was recorded. */
  receivedAt?: string;
  /** A refused delivery's `X-GitHub-Delivery` header, as sent (unverified). */
  claimedId?: string | null;
  /** "queued" when it carries a job, "ignored: why", or "refused: why". */
  outcome: string;
  /** The raw body exactly as signed, kept for audit and replay of deliveries that create a job; "" otherwise. */
  payload: string;
  job: NewJob | null;
  /** What the trigger is (events/route.ts), or a hash of its body: a second delivery of it is a replay. */
  triggerKey?: string | null | undefined;
}

export interface IntakeResult {
  deliveryId: string;
  /** A delivery already stored: nothing new was written. */
  duplicate: boolean;
  /** A duplicate that GitHub sent again (received later), not a replay of the journal after a crash. */
  redelivery: boolean;
  outcome: string;
  jobId: string | null;
}

/** A stored job: what the intake decided, and how it has gone since. */
export interface JobRecord extends NewJob {
  deliveryId: string;
  state: JobState;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  prUrl: string | null;
  branch: string | null;
}

export interface RunRecord {
  jobId: string;
  attempt: number;
  startedAt: string;
  finishedAt: string;
  status: string;
  error: string | null;
  errorCode: string | null;
  retryable: boolean | null;
  timings: Record<string, number> | null;
  /** Whether the repository's tests passed with the change; null when the run did not get that far. */
  verified: boolean | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
}

/** A delivery as `booty deliveries` (and the dashboard) show it. */
export interface DeliveryView {
  /** The X-GitHub-Delivery id; for a refused delivery, the one it claimed (or null). */
  id: string | null;
  event: string | null;
  action: string | null;
  repo: string | null;
  sender: string | null;
  outcome: "accepted" | "ignored" | "refused";
  /** Why it was ignored or refused; for an accepted delivery, that it was folded into a job already queued. */
  reason: string | null;
  /** The job it created (accepted), or that took it up later. */
  jobId: string | null;
  receivedAt: string;
  /** How many times GitHub sent it again, and when last. */
  redeliveries: number;
  lastRedeliveredAt: string | null;
}

/** A page of the jobs list, narrowed (the dashboard's filters). */
export interface JobQuery {
  state?: JobState | undefined;
  repo?: string | undefined;
  /** Matched literally against the title, repository, actor and id. */
  text?: string | undefined;
  offset: number;
  limit: number;
}

/** A job as the dashboard lists it: with whether its latest attempt's change passed the tests. */
export interface JobSummary extends JobRecord {
  verified: boolean | null;
  /** What its attempts' model calls cost, in USD; null when none recorded a cost. */
  costUsd: number | null;
}

/** A page of the delivery log, narrowed (the dashboard's filters). */
export interface DeliveryQuery {
  outcome?: DeliveryView["outcome"] | undefined;
  repo?: string | undefined;
  offset: number;
  limit: number;
}

/** One day's or one repository's jobs, for the dashboard's totals. */
export interface TotalsRow {
  /** The day (YYYY-MM-DD, UTC) or the repository. */
  key: string;
  jobs: number;
  /** Succeeded, failed or denied: no longer queued or running. */
  finished: number;
  succeeded: number;
  /** Succeeded, and the latest attempt's change passed the repository's tests. */
  verified: number;
  /** null when no attempt had a known price. */
  costUsd: number | null;
}

export interface JobTotals {
  since: string;
  byDay: TotalsRow[];
  byRepo: TotalsRow[];
}
