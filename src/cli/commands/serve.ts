import { Command } from "commander";
import { describeError } from "../../errors/index.ts";
import type { RunningService } from "../../service/service.ts";
import { cliContext } from "../context.ts";

interface ServeFlags {
  dataDir?: string;
  model?: string;
}

/** `booty serve`: the webhook intake and workers in one process. */
export function serveCommand(): Command {
  return new Command("serve")
    .description("receive GitHub webhooks and work on triggered issues (intake + workers)")
    .option("--data-dir <dir>", "where the embedded database and caches live (BOOTY_DATA_DIR)")
    .option("--model <provider:model>", "the model to use (BOOTY_MODEL)")
    .action(async (flags: ServeFlags) => {
      process.exitCode = await runService("serve", flags);
    });
}

/** Runs until SIGTERM or SIGINT, then stops gracefully; shared with `booty worker`. */
export async function runService(mode: "serve" | "worker", flags: ServeFlags): Promise<number> {
  let service: RunningService;
  try {
    const { config, logger } = await cliContext({ dataDir: flags.dataDir, model: flags.model });
    // The queue, the forge client and the model SDKs load only when the service starts.
    const [{ requireServiceConfig, requireWorkerConfig }, { createServiceRunner }, { startService }] =
      await Promise.all([
        import("../../config/index.ts"),
        import("../../service/runner-factory.ts"),
        import("../../service/service.ts"),
      ]);
    // Every missing setting at once, before anything starts: a first start should not be a guessing game.
    if (mode === "serve") requireServiceConfig(config);
    else requireWorkerConfig(config);
    const runner = createServiceRunner(config, logger);
    const { acknowledge, steps } = runner;
    service = await startService({ config, logger, mode, runner, acknowledge, steps });
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        logger.info({ signal }, "stopping: no new jobs; running ones get the grace period");
        resolve();
      };
      process.once("SIGTERM", () => stop("SIGTERM"));
      process.once("SIGINT", () => stop("SIGINT"));
    });
    await service.stop();
    // Work still in flight (a model call, a test run) was handed back to the queue: it must not go on.
    setTimeout(() => process.exit(process.exitCode ?? 0), 5000).unref();
    return 0;
  } catch (error) {
    process.stderr.write(`booty: ${describeError(error)}\n`);
    return 1;
  }
}
