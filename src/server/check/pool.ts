import { Worker } from "node:worker_threads";
import type { Logger } from "../../log/logger.ts";
import type { CheckInput, CheckRules, Decision } from "./check.ts";

export interface Checker {
  check(input: CheckInput): Promise<Decision>;
  close(): Promise<void>;
}

interface Waiting {
  resolve: (d: Decision) => void;
  reject: (e: unknown) => void;
}

/** What goes to the checking thread, and what comes back: a batch, so that one message serves many deliveries. */
export interface CheckBatch {
  items: { id: number; input: CheckInput }[];
}
export interface CheckReplies {
  items: { id: number; decision?: Decision; error?: string }[];
}

/**
 * Runs checkDelivery on its own thread. Parsing JSON is most of the intake's work, and on this thread the
 * HTTP thread is left with little more than bytes in and 202 out. The deliveries that arrive in one turn
 * of the event loop go over in one message, and come back in one: a message costs more than checking a
 * small delivery. Bodies are transferred, not copied. A thread that dies fails what it held (answered
 * 503, so GitHub can redeliver) and is replaced.
 */
export function startChecker(rules: CheckRules, logger: Logger): Checker {
  const waiting = new Map<number, Waiting>();
  let next = 0;
  let closing = false;
  let batch: CheckBatch["items"] = [];
  let transfer: ArrayBuffer[] = [];
  let worker = spawn();

  function spawn(): Worker {
    const w = new Worker(new URL("./worker.ts", import.meta.url), {
      workerData: { ...rules, secrets: [...rules.secrets] },
    });
    w.on("message", (m: CheckReplies) => {
      for (const reply of m.items) {
        const entry = waiting.get(reply.id);
        waiting.delete(reply.id);
        if (reply.decision) entry?.resolve(reply.decision);
        else entry?.reject(new Error(reply.error ?? "the checking thread failed"));
      }
    });
    w.on("error", (error) => logger.error({ err: error }, "the delivery checking thread failed"));
    w.on("exit", () => {
      for (const entry of waiting.values()) entry.reject(new Error("the delivery checking thread stopped"));
      waiting.clear();
      if (!closing) worker = spawn();
    });
    w.unref();
    return w;
  }

  const flush = (): void => {
    const message: CheckBatch = { items: batch };
    const buffers = transfer;
    batch = [];
    transfer = [];
    try {
      worker.postMessage(message, buffers);
    } catch (error) {
      // A body that cannot be sent (a buffer already handed over, say) fails its batch, not the process.
      for (const { id } of message.items) {
        waiting.get(id)?.reject(error);
        waiting.delete(id);
      }
    }
  };

  return {
    check(input) {
      // No thread would ever answer: say so rather than leave the request hanging.
      if (closing) return Promise.reject(new Error("the delivery checker is closed"));
      return new Promise<Decision>((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        if (batch.length === 0) setImmediate(flush);
        batch.push({ id, input });
        transfer.push(input.body.buffer as ArrayBuffer);
      });
    },
    async close() {
      closing = true;
      await worker.terminate();
    },
  };
}
