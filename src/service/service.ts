import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Config, secretValues } from "../config/index.ts";
import { logOutcomes } from "../intake/outcomes.ts";
import { type IntakeServer, startIntakeServer } from "../intake/threads/host.ts";
import type { Logger } from "../log/logger.ts";
import { type JobRunner, openStore, type RetryPolicy, type Store, type Worker } from "../queue/index.ts";
import { removeDeadScratch } from "../sandbox/index.ts";
import { forgeWebUrl } from "../ui/links.ts";
import { localRunsImporter } from "../ui/local-import.ts";
import type { RunningSteps } from "../ui/now-running.ts";
import { type RunningUi, startUi } from "../ui/start.ts";
import type { Acknowledge } from "./acknowledge.ts";
import { removeControlFile, writeControlFile } from "./control-file.ts";
import { jobsReader } from "./job-view.ts";
import { removeDeadWorktrees } from "./worktrees.ts";

const PRUNE_EVERY_MS = 6 * 60 * 60 * 1000;

export interface ServiceOptions {
  config: Config;
  logger: Logger;
  /** `serve`: intake and workers; `worker`: workers only (a fleet on PostgreSQL); `intake`: no workers. */
  mode: "serve" | "worker" | "intake";
  runner?: JobRunner;
  /** Told about each stored batch, without being awaited: the 👀 reaction and the "queued" comment. */
  acknowledge?: Acknowledge | undefined;
  retry?: RetryPolicy;
  heartbeatSeconds?: number;
  pollingIntervalSeconds?: number;
  /** What the runner's jobs do now (ui/now-running.ts), for the dashboard. */
  steps?: RunningSteps | undefined;
}

export interface RunningService {
  /** The intake's URL (serve and intake modes). */
  url: string | null;
  /** The dashboard's URL (serve and intake modes). */
  uiUrl: string | null;
  store: Store;
  /** Stops intake, lets running jobs finish within the grace period, requeues the rest, closes the database. */
  stop(): Promise<void>;
}

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { config, logger } = options;
  const s = config.service;
  const store: Store = await openStore({
    databaseUrl: s.databaseUrl,
    dataDir: config.dataDir,
    logger,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.heartbeatSeconds ? { heartbeatSeconds: options.heartbeatSeconds } : {}),
  });
  let worker: Worker | null = null;
  let intake: IntakeServer | null = null;
  let url: string | null = null;
  let ui: RunningUi | null = null;
  const prune = () =>
    store
      .pruneDeliveries(s.deliveryRetentionDays)
      .then((n) => n > 0 && logger.info({ deliveries: n, days: s.deliveryRetentionDays }, "pruned old deliveries"))
      .catch((error: unknown) => logger.warn({ err: error }, "could not prune old deliveries"));
  let pruning: NodeJS.Timeout | undefined;
  try {
    if (options.mode !== "intake") worker = await startWorkers(options, store);
    if (options.mode !== "worker") {
      await prune();
      pruning = setInterval(prune, PRUNE_EVERY_MS).unref();
      // booty run's jobs wait in a file: `booty jobs` (through the intake) and the dashboard import them.
      const importRuns = localRunsImporter(config.dataDir, store, logger);
      ({ intake, url } = await startIntake(options, store, importRuns));
      if (s.ui.enabled) ui = await startDashboard(options, store, importRuns);
    }
  } catch (error) {
    clearInterval(pruning);
    await ui?.close().catch(() => {});
    await intake?.close().catch(() => {});
    if (intake) removeControlFile(config.dataDir, process.pid);
    await worker?.stop(0).catch(() => {});
    await store.close().catch(() => {});
    throw error;
  }
  let stopping: Promise<void> | null = null;
  return {
    url,
    uiUrl: ui?.url ?? null,
    store,
    stop() {
      stopping ??= (async () => {
        clearInterval(pruning);
        await ui?.close();
        const closed = intake
          ?.close()
          .catch((error) => logger.error({ err: error }, "the intake did not close cleanly"));
        await worker?.stop(s.shutdownGraceMs);
        await closed;
        if (intake) removeControlFile(config.dataDir, process.pid);
        await store.close();
        logger.info("stopped");
      })();
      return stopping;
    },
  };
}

/** Puts back what a previous process left running, clears its leftovers, and starts claiming jobs. */
async function startWorkers(options: ServiceOptions, store: Store): Promise<Worker> {
  const { config, logger } = options;
  const s = config.service;
  if (!options.runner) throw new Error("a worker needs a job runner");
  // After that, only the jobs that may still run elsewhere keep their worktrees.
  const running = await store.recover(logger);
  await removeDeadWorktrees(config.dataDir, new Set(running), logger);
  const scratch = await removeDeadScratch(tmpdir());
  if (scratch.length > 0) logger.info({ scratch }, "removed scratch copies left by processes that were killed");
  return store.startWorker({
    runner: options.runner,
    logger,
    concurrency: s.workerConcurrency,
    ...(options.pollingIntervalSeconds ? { pollingIntervalSeconds: options.pollingIntervalSeconds } : {}),
  });
}

/** Starts the intake's threads on the port, and writes the control file `booty jobs` finds it by. */
async function startIntake(
  options: ServiceOptions,
  store: Store,
  importRuns: () => Promise<number>,
): Promise<{ intake: IntakeServer; url: string }> {
  const { config, logger } = options;
  const s = config.service;
  const token = randomBytes(24).toString("hex");
  const intake = await startIntakeServer({
    threads: s.intakeThreads,
    maxConnections: s.maxConnections,
    maxConnectionsPerAddress: s.maxConnectionsPerAddress,
    host: s.host,
    port: s.port,
    rules: {
      secrets: s.webhookSecrets,
      triggerLabel: s.triggerLabel,
      allowedBots: s.allowedBots,
      repos: s.repos,
      branchPrefix: config.branchPrefix,
      reviewAnyPr: s.reviewAnyPr,
      selfLogins: s.selfLogins,
    },
    dir: join(config.dataDir, "intake"),
    fsync: s.intakeFsync,
    token,
    logger,
    store: async (records) => {
      const results = await store.storeDeliveries(records);
      logOutcomes(logger, records, results);
      options.acknowledge?.(store, records, results);
    },
    databaseReady: () => store.ready(),
    reader: jobsReader(store, importRuns),
  });
  const url = `http://${s.host === "0.0.0.0" || s.host === "::" ? "127.0.0.1" : s.host}:${intake.port}`;
  writeControlFile(config.dataDir, { pid: process.pid, url, token });
  // The address it is bound to (every interface by default), and the URL that reaches it from here.
  logger.info(
    { address: `${s.host}:${intake.port}`, url, database: store.kind, threads: s.intakeThreads },
    "booty serve is listening",
  );
  return { intake, url };
}

/** The read-only dashboard, on its own port, reading the store from this thread. */
async function startDashboard(
  options: ServiceOptions,
  store: Store,
  importRuns: () => Promise<number>,
): Promise<RunningUi> {
  const { host, port, token } = options.config.service.ui;
  const fix = "set BOOTY_UI_PORT to a free port, or BOOTY_UI=off to serve no dashboard";
  const ui = await startUi({
    reader: store,
    token,
    logger: options.logger,
    host,
    port,
    web: forgeWebUrl(options.config.service.apiUrl),
    fix,
    importRuns,
    secrets: secretValues(options.config),
    steps: options.steps,
  });
  options.logger.info({ url: ui.url, token: token ? "required" : "none: this machine only" }, "the dashboard is up");
  return ui;
}
