import { canTrigger } from "../events/index.ts";
import type { Forge, RepoRef } from "../forge/index.ts";
import type { Logger } from "../log/logger.ts";
import type { JobOutcome, JobRecord } from "../queue/index.ts";
import { deniedComment, MARKERS } from "./comments.ts";

/** The job's repository as the forge names it. */
export const refOf = (job: JobRecord): RepoRef => {
  const [owner = "", repo = ""] = job.repo.split("/");
  return { owner, repo };
};

/**
 * The first thing every job does: the actor must have write access now (it may have been removed since
 * the trigger). Without it, a short comment on the issue or pull request and the job ends without work.
 */
export async function denyUnlessWriter(forge: Forge, job: JobRecord, logger: Logger): Promise<JobOutcome | null> {
  const ref = refOf(job);
  const permission = await forge.getPermission(ref, job.actor);
  if (canTrigger(permission)) return null;
  await forge.ensureComment(ref, job.issueNumber, { marker: MARKERS.denied, body: deniedComment(job) });
  logger.warn({ actor: job.actor, permission }, "actor may not trigger booty; job ends without work");
  return { status: "denied", error: { message: `${job.actor} has ${permission} permission`, code: "permission" } };
}
