import { Command } from "commander";
import { runService } from "./serve.ts";

/** `booty worker`: workers only, for a fleet sharing a PostgreSQL server (DATABASE_URL). */
export function workerCommand(): Command {
  return new Command("worker")
    .description("work on queued jobs without receiving webhooks (for several machines on PostgreSQL)")
    .option("--data-dir <dir>", "where caches live (BOOTY_DATA_DIR)")
    .option("--model <provider:model>", "the model to use (BOOTY_MODEL)")
    .action(async (flags: { dataDir?: string; model?: string }) => {
      process.exitCode = await runService("worker", flags);
    });
}
