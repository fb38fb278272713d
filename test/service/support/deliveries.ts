import { randomUUID } from "node:crypto";
import type { NewJob } from "../../../src/queue/index.ts";

/** A job as the intake decides it, for an issue of `repo`. */
export const newJob = (issueNumber: number, repo = "octo/repo"): NewJob => ({
  id: randomUUID(),
  repo,
  issueNumber,
  title: `issue ${issueNumber}`,
  actor: "octocat",
  command: "run",
  installationId: null,
});

/** A delivery as the intake journals it: with a job, or ignored. */
export const delivery = (id: string, job: NewJob | null) => ({
  id,
  event: job ? "issues" : "ping",
  action: job ? "labeled" : null,
  repo: job?.repo ?? null,
  outcome: job ? "queued" : "ignored: ping",
  payload: `{"id":"${id}"}`,
  job,
});
