/**
 * The intake's checking thread: receives delivery bytes from the HTTP thread, answers with a Decision.
 * The frame goes back as a transferred buffer, so nothing large is copied between the threads.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type CheckInput, type CheckRules, checkDelivery } from "./check.ts";

const rules = workerData as CheckRules;
parentPort?.on("message", (m: { id: number; input: CheckInput }) => {
  checkDelivery(m.input, rules).then(
    (decision) => {
      const transfer = decision.status === 202 ? [decision.frame.buffer as ArrayBuffer] : [];
      parentPort?.postMessage({ id: m.id, decision }, transfer);
    },
    (error: unknown) => parentPort?.postMessage({ id: m.id, error: String(error) }),
  );
});
