import { describeError } from "../errors/index.ts";
import { canTrigger } from "../events/index.ts";
import type { Forge, RepoRef } from "../forge/index.ts";
import type { Logger } from "../log/logger.ts";
import {
  type DeliveryRecord,
  FOLDED_OUTCOME,
  type IntakeResult,
  type JobRecord,
  type JobsStore,
} from "../queue/index.ts";
import { branchName } from "../workspace/branch.ts";
import { MARKERS, queuedComment } from "./comments.ts";
import { type IssueLock, issueKey } from "./issue-lock.ts";
import { reactionTarget } from "./reaction-target.ts";
import { reviewQueuedComment, reviewStatusMarker } from "./review/review-comments.ts";

/** Told about each stored batch; returns at once, its forge calls going on in the background. */
export type Acknowledge = (
  store: Pick<JobsStore, "getJob" | "queryJobs">,
  records: readonly DeliveryRecord[],
  results: readonly IntakeResult[],
) => void;

interface AcknowledgeDeps {
  forge: Forge;
  logger: Logger;
  branchPrefix: string;
  lock: IssueLock;
}

/**
 * Shows the asker that booty took the request, as soon as its job is stored (before any worker takes
 * it): an 👀 on what asked, and the job's status comment (on the issue, or the pull request a review is
 * about) saying where the job is in the queue.
 * Best effort: a failure is logged and the job runs all the same. Only for people who may trigger booty,
 * so that a reader cannot make booty write; the worker answers the others. A redelivery, or the journal
 * replayed after a crash, reacts again (the forge adds an 👀 once) but leaves the comment alone.
 */
export function createAcknowledger(deps: AcknowledgeDeps): Acknowledge {
  return (store, records, results) => {
    // Jobs stored together share their creation time: among them, the batch's order is the queue's.
    let earlier = 0;
    records.forEach((record, i) => {
      const result = results[i];
      // A review folded into its pull request's queued job was taken as much as one that made the job.
      const taken = result?.outcome === "queued" || result?.outcome === FOLDED_OUTCOME;
      if (!result?.jobId || !taken || !record.repo || !record.sender) return;
      const jobId = result.jobId;
      // A folded review's job was acknowledged when it was queued: its comment already says so.
      const fresh = !result.duplicate && result.outcome === "queued";
      const inBatch = fresh ? earlier++ : 0;
      void acknowledge(deps, store, record, { jobId, fresh, inBatch }).catch((error: unknown) =>
        deps.logger.warn(
          { err: describeError(error), deliveryId: record.id, jobId },
          "could not acknowledge the request",
        ),
      );
    });
  };
}

async function acknowledge(
  deps: AcknowledgeDeps,
  store: Pick<JobsStore, "getJob" | "queryJobs">,
  record: DeliveryRecord,
  job: { jobId: string; fresh: boolean; inBatch: number },
): Promise<void> {
  const [owner = "", repo = ""] = (record.repo ?? "").split("/");
  const ref = { owner, repo };
  if (!canTrigger(await deps.forge.getPermission(ref, record.sender ?? ""))) return;
  const target = reactionTarget(record);
  if (target) {
    await deps.forge
      .addReaction(ref, target, "eyes")
      .catch((error: unknown) =>
        deps.logger.warn({ err: describeError(error), deliveryId: record.id }, "could not react to the request"),
      );
  }
  if (!job.fresh) return;
  await deps.lock.run(issueKey(record.repo ?? "", record.job?.issueNumber), async () => {
    // A worker that took the job first owns the comment from then on.
    const stored = await store.getJob(job.jobId);
    if (stored?.state !== "queued") return;
    if (stored.command === "review") {
      const position = await queuePosition(store, stored, job.inBatch);
      const body = reviewQueuedComment(stored, position);
      await deps.forge.ensureComment(ref, stored.issueNumber, { marker: reviewStatusMarker(stored.id), body });
      return;
    }
    const [position, open] = await Promise.all([
      queuePosition(store, stored, job.inBatch),
      openPull(deps, ref, stored),
    ]);
    await deps.forge.ensureComment(ref, stored.issueNumber, {
      marker: MARKERS.started,
      body: queuedComment(stored, position, open),
    });
  });
}

/** Where the job stands among the queued ones, oldest first (1: next); `inBatch` were stored with it, before it. */
async function queuePosition(store: Pick<JobsStore, "queryJobs">, job: JobRecord, inBatch: number): Promise<number> {
  const queued = await store.queryJobs({ state: "queued", offset: 0, limit: 1000 });
  return queued.filter((j) => j.createdAt < job.createdAt).length + inBatch + 1;
}

/**
 * A pull request an earlier run opened stays linked from the status comment: when the lookup fails, the
 * error skips the "queued" text rather than let it replace a comment that links one.
 */
function openPull(deps: AcknowledgeDeps, ref: RepoRef, job: JobRecord) {
  return deps.forge.findPullRequest(ref, branchName(deps.branchPrefix, job.issueNumber, job.title));
}
