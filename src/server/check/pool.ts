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

/**
 * Runs checkDelivery on its own thread. Parsing JSON is most of the intake's work, and on this thread the
 * HTTP thread is left with little more than bytes in and 202 out. The body is transferred, not copied.
 * A thread that dies fails what it held (answered 503, so GitHub can redeliver) and is replaced.
 */
export function startChecker(rules: CheckRules, logger: Logger): Checker {
  const waiting = new Map<number, Waiting>();
  let next = 0;
  let closing = false;
  let worker = spawn();

  function spawn(): Worker {
    const w = new Worker(new URL("./worker.ts", import.meta.url), {
      workerData: { ...rules, secrets: [...rules.secrets] },
    });
    w.on("message", (m: { id: number; decision?: Decision; error?: string }) => {
      const entry = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.decision) entry?.resolve(m.decision);
      else entry?.reject(new Error(m.error ?? "the checking thread failed"));
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

  return {
    check(input) {
      return new Promise<Decision>((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, input }, [input.body.buffer as ArrayBuffer]);
      });
    },
    async close() {
      closing = true;
      await worker.terminate();
    },
  };
}
