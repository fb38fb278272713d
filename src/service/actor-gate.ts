import { canTrigger } from "../events/index.ts";
import { commentMarker, type Forge, type Permission, type RepoRef } from "../forge/index.ts";
import type { Logger } from "../log/logger.ts";
import type { JobOutcome, JobRecord } from "../queue/index.ts";
import { deniedComment, deniedStatusComment, MARKERS } from "./comments.ts";
import { type IssueLock, issueKey } from "./issue-lock.ts";

/** The job's repository as the forge names it. */
export const refOf = (job: JobRecord): RepoRef => {
  const [owner = "", repo = ""] = job.repo.split("/");
  return { owner, repo };
};

/**
 * The actor's permission when it is not enough to trigger booty (it may have been removed since the
 * trigger), or null when they may.
 */
export async function lackingPermission(forge: Forge, job: JobRecord): Promise<Permission | null> {
  const permission = await forge.getPermission(refOf(job), job.actor);
  return canTrigger(permission) ? null : permission;
}

/** How a job for someone without write access ends: denied, without work. */
export const deniedOutcome = (job: JobRecord, permission: Permission): JobOutcome => ({
  status: "denied",
  error: { message: `${job.actor} has ${permission} permission`, code: "permission", retryable: false },
});

/**
 * The first thing every issue job does: the actor must have write access now. Without it, the job ends
 * without work and the issue says why: in the status comment when the intake left one saying this job is
 * queued (it would otherwise go on saying so), else in a short comment of its own.
 */
export async function denyUnlessWriter(
  forge: Forge,
  job: JobRecord,
  o: { logger: Logger; lock: IssueLock },
): Promise<JobOutcome | null> {
  const permission = await lackingPermission(forge, job);
  if (permission === null) return null;
  o.logger.warn({ actor: job.actor, permission }, "actor may not trigger booty; job ends without work");
  const ref = refOf(job);
  await o.lock.run(issueKey(job.repo, job.issueNumber), async () => {
    // Best effort: without the lookup, the short comment of its own still says why.
    const queued = await queuedStatus(forge, job).catch(() => null);
    const said =
      queued === null
        ? { marker: MARKERS.denied, body: deniedComment(job) }
        : {
            marker: MARKERS.started,
            body: deniedStatusComment(job, queued),
          };
    await forge.ensureComment(ref, job.issueNumber, said);
  });
  return deniedOutcome(job, permission);
}

/** The issue's status comment when it is booty's and names this job (the intake's "queued"), else null. */
async function queuedStatus(forge: Forge, job: JobRecord): Promise<string | null> {
  const ref = refOf(job);
  const [self, comments] = await Promise.all([
    forge.commitIdentity(ref),
    forge.listIssueComments(ref, job.issueNumber),
  ]);
  const marker = commentMarker(MARKERS.started);
  const status = comments.find((c) => c.author === self.name && c.body.includes(marker));
  return status?.body.includes(`(job \`${job.id}\``) ? status.body : null;
}
