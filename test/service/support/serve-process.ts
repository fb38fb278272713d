/**
 * `booty serve` in a child process for the crash tests, configured from its environment like the real
 * command. Arguments: <mode serve|intake|worker> [stall-file] [heartbeat-seconds]. With a stall file, the first run to
 * publish (push + PR) writes the file and then hangs, so the test can SIGKILL it at the worst moment:
 * after the PR exists and before the job is marked done.
 */
import { existsSync, writeFileSync } from "node:fs";
import { loadConfig } from "../../../src/config/index.ts";
import { createGitHubForge } from "../../../src/forge/index.ts";
import { createLogger } from "../../../src/log/logger.ts";
import { createModel } from "../../../src/model/factory.ts";
import { type Publisher, runPipeline } from "../../../src/pipeline/run.ts";
import { createIssueRunner } from "../../../src/service/job-runner.ts";
import { startService } from "../../../src/service/service.ts";
import { deletePushedBranch, pushBranch } from "../../../src/workspace/push.ts";
import { steppingClock } from "../../support/stepping-clock.ts";

const [mode = "serve", stallFile, heartbeat] = process.argv.slice(2);
const config = loadConfig(process.env);
const logger = createLogger({ level: "warn" });
const stalling = (publisher: Publisher | undefined): Publisher => ({
  publish: async (ctx) => {
    const published = await publisher?.publish(ctx);
    if (stallFile && !existsSync(stallFile)) {
      writeFileSync(stallFile, String(process.pid));
      await new Promise(() => {});
    }
    return published;
  },
});
// The intake alone needs no model or forge (and its environment names none).
const runner =
  mode === "intake"
    ? undefined
    : createIssueRunner({
        config,
        model: createModel(config.model, { logger }),
        forge: createGitHubForge({
          apiUrl: config.service.apiUrl,
          auth: { kind: "token", token: config.service.token ?? "" },
          logger,
          throttle: false,
          retry: { baseMs: 5 },
        }),
        runPipeline: (deps, input) => runPipeline({ ...deps, publisher: stalling(deps.publisher) }, input),
        pushBranch,
        deletePushedBranch,
        clock: steppingClock(),
      });
const service = await startService({
  config,
  logger,
  mode: mode as "serve" | "intake" | "worker",
  ...(runner ? { runner } : {}),
  pollingIntervalSeconds: 0.5,
  ...(heartbeat ? { heartbeatSeconds: Number(heartbeat) } : {}),
  retry: { retryLimit: 3, retryDelay: 1, retryDelayMax: 1 },
});
process.stdout.write(`${service.url ?? "worker"}\n`);
process.once("SIGTERM", () => {
  void service.stop().then(() => process.exit(0));
});
