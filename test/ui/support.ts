import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { silentLogger } from "../../src/log/logger.ts";
import {
  type DeliveryRecord,
  type JobOutcome,
  type JobRunner,
  jobIdFor,
  openStore,
  type Store,
} from "../../src/queue/index.ts";
import type { UiOptions } from "../../src/ui/server.ts";
import { type RunningUi, startUi } from "../../src/ui/start.ts";

/**
 * A real PGlite store in a temp dir, and the dashboard over it on 127.0.0.1 (opening the store takes
 * seconds: `serve` starts more dashboards over the same store, with other tokens). `close` removes all.
 */
export async function dashboardOnStore(token?: string) {
  const dir = mkdtempSync(join(tmpdir(), "booty-ui-"));
  const store = await openStore({ dataDir: join(dir, "data"), logger: silentLogger() });
  const uis: RunningUi[] = [];
  const serve = async (token?: string, o: Partial<UiOptions> = {}): Promise<RunningUi> => {
    const ui = await startUi({
      reader: store,
      token,
      logger: silentLogger(),
      host: "127.0.0.1",
      port: 0,
      pollMs: 100,
      ...o,
    });
    uis.push(ui);
    return ui;
  };
  const ui = await serve(token);
  const close = async () => {
    for (const u of uis) await u.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, store, ui, serve, close };
}

type QueuedJob = { delivery: string; repo: string; issue: number; title: string };

/** The delivery that queues a job on issue `issue` of `repo` (its id: `jobIdFor(delivery)`). */
export function jobDelivery(o: QueuedJob): DeliveryRecord {
  return {
    id: o.delivery,
    event: "issues",
    action: "labeled",
    repo: o.repo,
    sender: "alice",
    receivedAt: new Date().toISOString(),
    outcome: "queued",
    payload: "{}",
    job: {
      id: jobIdFor(o.delivery),
      repo: o.repo,
      issueNumber: o.issue,
      title: o.title,
      actor: "alice",
      command: "run",
      installationId: null,
    },
  };
}

/** A delivery that queues a job on issue `issue` of `repo`; returns the job's id. */
export async function queueJob(store: Store, o: QueuedJob): Promise<string> {
  await store.storeDeliveries([jobDelivery(o)]);
  return jobIdFor(o.delivery);
}

/** A runner whose jobs all wait at one gate until `open()`, then end with `outcome`. */
export function gatedRunner(outcome: JobOutcome): { runner: JobRunner; open: () => void } {
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const runner: JobRunner = {
    run: async () => {
      await gate;
      return outcome;
    },
    reportFailure: async () => {},
  };
  return { runner, open: () => open() };
}

/** A worker on the store's queue that runs `concurrency` jobs at once with `runner`, quietly. */
export function startTestWorker(store: Store, runner: JobRunner, concurrency = 1) {
  return store.startWorker({ runner, logger: silentLogger(), concurrency, pollingIntervalSeconds: 0.5 });
}

/** Runs the queued job `id` with a worker whose runner ends it with `outcome`, and waits for its end. */
export async function runToEnd(store: Store, id: string, outcome: JobOutcome): Promise<void> {
  const worker = await startTestWorker(store, { run: async () => outcome, reportFailure: async () => {} });
  try {
    for (let i = 0; i < 200 && (await store.findJob(id)).job?.state !== outcome.status; i++) await sleep(50);
  } finally {
    await worker.stop(0);
  }
}
