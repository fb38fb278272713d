import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { loadConfig } from "../../../src/config/index.ts";
import { createLogger, silentLogger } from "../../../src/log/logger.ts";
import { createServiceRunner } from "../../../src/service/runner-factory.ts";
import { type RunningService, startService } from "../../../src/service/service.ts";
import { type Emulator, startGitHubEmulator } from "../../support/github-emulator/index.ts";
import { ANALYSIS, PLAN, writeScript } from "../../support/pipeline-fixtures.ts";
import { steppingClock } from "../../support/stepping-clock.ts";
import { seedRepo } from "./seed.ts";
import { labelIssue, untilJobEnds } from "./webhooks.ts";

export const SECRET = "e2e-secret";

export interface E2eService {
  emulator: Emulator;
  service: RunningService;
  config: ReturnType<typeof loadConfig>;
  /** Every line the service logged, parsed. */
  logs: Record<string, unknown>[];
  /** Labels the issue `booty` (a signed delivery) and waits for the job it creates to end. */
  labelAndWait(
    repo: string,
    number: number,
    title: string,
    sender: string,
  ): Promise<{ job: NonNullable<Awaited<ReturnType<RunningService["store"]["getJob"]>>>; jobId: string }>;
  stop(): Promise<void>;
}

/**
 * `booty serve` in this process against a fresh GitHub emulator seeded with octo/calc, the script model
 * answering with the sample analysis and plan, and its log kept for the test to read; `env` adds settings.
 */
export async function startE2eService(
  env: Record<string, string> = {},
  /** The script model's answers; the sample analysis and plan by default. */
  answers: Record<string, unknown> = { analyze: ANALYSIS, generate: PLAN },
  /** An emulator an earlier service worked against (left running on stop); a fresh one by default. */
  shared?: Emulator,
): Promise<E2eService> {
  const dir = mkdtempSync(join(tmpdir(), "booty-e2e-"));
  const emulator = shared ?? (await startGitHubEmulator());
  if (!shared) {
    await seedRepo(emulator, "calc");
    emulator.setPermission("octo", "calc", "mallory", "read");
  }
  const script = writeScript(dir, answers);
  const config = loadConfig(
    {
      HOME: dir,
      WEBHOOK_SECRET: `old-secret,${SECRET}`,
      GITHUB_TOKEN: emulator.issueToken({ login: "booty-bot" }),
      GITHUB_API_URL: emulator.url,
      BOOTY_HOST: "127.0.0.1",
      BOOTY_PORT: "0",
      BOOTY_SANDBOX: "none",
      ...env,
    },
    { model: `script:${script}`, dataDir: join(dir, "data") },
  );
  const runner = createServiceRunner(config, silentLogger(), {
    throttle: false,
    retry: { baseMs: 5 },
    clock: steppingClock(),
  });
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const service = await startService({
    config,
    logger: createLogger({ level: "info", destination }),
    mode: "serve",
    runner,
    acknowledge: runner.acknowledge,
    steps: runner.steps,
    pollingIntervalSeconds: 0.5,
    retry: { retryLimit: 2, retryDelay: 1, retryDelayMax: 1 },
  });
  return {
    emulator,
    service,
    config,
    logs,
    async labelAndWait(repo, number, title, sender) {
      const res = await labelIssue(service.url ?? "", SECRET, { repo, number, title, sender });
      const jobId = res.body.job ?? assert.fail("no job id");
      const job = await untilJobEnds("the job to end", () => service.store.getJob(jobId));
      return { job, jobId };
    },
    async stop() {
      await service.stop();
      if (!shared) await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
