import type { Logger } from "../log/logger.ts";
import type { DeliveryRecord, IntakeResult } from "../queue/index.ts";

/**
 * Logs what became of each delivery once it is stored, at info: only then is it known whether it made a
 * job, was ignored (and why), or was a redelivery of one already stored. Refusals are logged when they
 * are answered (server/webhook.ts); a journal replayed after a crash is neither, and logged at debug.
 */
export function logOutcomes(logger: Logger, records: readonly DeliveryRecord[], results: readonly IntakeResult[]) {
  records.forEach((r, i) => {
    const result = results[i];
    if (!result || r.outcome.startsWith("refused:")) return;
    const fields = { deliveryId: r.id, event: r.event, action: r.action, repo: r.repo, sender: r.sender ?? null };
    if (result.redelivery) {
      logger.info({ ...fields, jobId: result.jobId, firstOutcome: result.outcome }, "redelivery: nothing new to do");
    } else if (result.duplicate) {
      logger.debug({ ...fields, jobId: result.jobId }, "delivery already stored (journal replay)");
    } else if (result.jobId) {
      logger.info({ ...fields, jobId: result.jobId }, "delivery accepted");
    } else {
      logger.info({ ...fields, reason: result.outcome.replace(/^ignored: /, "") }, "delivery ignored");
    }
  });
}
