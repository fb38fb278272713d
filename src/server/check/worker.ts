/**
 * The intake's checking thread: receives batches of delivery bytes from the HTTP thread, answers each
 * batch with its Decisions in one message. Frames go back as transferred buffers, so nothing large is
 * copied between the threads.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type CheckRules, checkDelivery } from "./check.ts";
import type { CheckBatch, CheckReplies } from "./pool.ts";

const rules = workerData as CheckRules;
parentPort?.on("message", async (m: CheckBatch) => {
  const transfer: ArrayBuffer[] = [];
  const items = await Promise.all(
    m.items.map(
      ({ id, input }): Promise<CheckReplies["items"][number]> =>
        checkDelivery(input, rules).then(
          (decision) => {
            if (decision.status === 202) transfer.push(decision.frame.buffer as ArrayBuffer);
            return { id, decision };
          },
          (error: unknown) => ({ id, error: String(error) }),
        ),
    ),
  );
  parentPort?.postMessage({ items } satisfies CheckReplies, transfer);
});
