import { Command } from "commander";
import { forTerminal } from "../../text/terminal.ts";
import { type JobsFlags, withSource } from "./jobs.ts";

/** `booty deliveries`: what each webhook delivery became (accepted, ignored, refused) and why. */
export function deliveriesCommand(): Command {
  return new Command("deliveries")
    .description("list recent webhook deliveries: accepted (with the job), ignored or refused, and why")
    .option("--json", "print JSON")
    .option("--limit <n>", "how many", "50")
    .option("--data-dir <dir>", "the data directory (BOOTY_DATA_DIR)")
    .action(async (flags: JobsFlags) => {
      process.exitCode = await withSource(flags, async (source, where) => {
        const { renderDeliveries } = await import("../../service/render-deliveries.ts");
        const deliveries = await source.deliveries(Number(flags.limit ?? 50));
        if (flags.json) process.stdout.write(`${JSON.stringify(deliveries)}\n`);
        else
          process.stdout.write(
            forTerminal(deliveries.length > 0 ? renderDeliveries(deliveries) : `no deliveries in ${where}\n`),
          );
        return 0;
      });
    });
}
