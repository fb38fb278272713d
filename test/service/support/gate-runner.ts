import assert from "node:assert/strict";
import type { JobRecord, JobRunner } from "../../../src/queue/index.ts";
import { until } from "./webhooks.ts";

/** A runner that holds each job until the test releases it, and notes how many of a PR's jobs run at once. */
export function gate() {
  const started: { job: JobRecord; trigger: string | null; folded: string[] }[] = [];
  const release = new Map<string, () => void>();
  const now = new Map<number, number>();
  let mostAtOnce = 0;
  const runner: JobRunner = {
    async run(job, ctx) {
      const n = (now.get(job.issueNumber) ?? 0) + 1;
      now.set(job.issueNumber, n);
      mostAtOnce = Math.max(mostAtOnce, n);
      started.push({ job, trigger: ctx.trigger, folded: ctx.folded ?? [] });
      const stopped = await new Promise<boolean>((resolve) => {
        release.set(job.id, () => resolve(false));
        ctx.signal.addEventListener("abort", () => resolve(true));
      });
      now.set(job.issueNumber, (now.get(job.issueNumber) ?? 1) - 1);
      return stopped
        ? { status: "failed", error: { message: "stopped", retryable: true } }
        : { status: "succeeded", prUrl: `https://x/pull/${job.issueNumber}` };
    },
    async reportFailure() {},
  };
  const startedOf = (id: string) => started.filter((s) => s.job.id === id).length;
  return {
    runner,
    started,
    mostAtOnce: () => mostAtOnce,
    startedOf,
    whenStarted: (id: string, times = 1) => until(`job ${id} to start`, async () => startedOf(id) >= times),
    release: (id: string) => (release.get(id) ?? assert.fail(`job ${id} is not running`))(),
  };
}
