/** What the queue stores, in the shape the rest of booty sees (camelCase, ISO timestamps). */

export type JobState = "queued" | "running" | "succeeded" | "failed" | "denied";
export type JobCommand = "run" | "retry";

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

/** One verified delivery to store, with the job it asks for, if any. */
export interface DeliveryRecord {
  id: string;
  event: string;
  action: string | null;
  repo: string | null;
  /** Why it was ignored, or "queued" when it carries a job. */
  outcome: string;
  /** The raw body exactly as signed, kept for audit and replay of deliveries that create a job; "" otherwise. */
  payload: string;
  job: NewJob | null;
}

export interface IntakeResult {
  deliveryId: string;
  /** A redelivery of a delivery already stored: nothing new was written. */
  duplicate: boolean;
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
