import { Command } from "commander";
import { describeError } from "../../errors/index.ts";
import type { JobsSource } from "../../service/jobs-source.ts";
import { oneLine } from "../../text/clip.ts";
import { forTerminal } from "../../text/terminal.ts";
import { cliContext } from "../context.ts";

export interface JobsFlags {
  json?: boolean;
  limit?: string;
  dataDir?: string;
}

/** `booty jobs`: recent jobs, read through a running `booty serve` when it holds the embedded database. */
export function jobsCommand(): Command {
  return new Command("jobs")
    .description("list recent jobs: state, attempts, timings, outcome, PR link")
    .option("--json", "print JSON")
    .option("--limit <n>", "how many", "50")
    .option("--data-dir <dir>", "the data directory (BOOTY_DATA_DIR)")
    .action(async (flags: JobsFlags) => {
      process.exitCode = await withSource(flags, async (source, where) => {
        const { renderJobs } = await import("../../service/render.ts");
        const jobs = await source.list(Number(flags.limit ?? 50));
        if (flags.json) process.stdout.write(`${JSON.stringify(jobs)}\n`);
        else process.stdout.write(forTerminal(jobs.length > 0 ? renderJobs(jobs) : `no jobs in ${where}\n`));
        return 0;
      });
    });
}

/** `booty job <id>`: one job with each attempt's steps, timings, tokens and cost. */
export function jobCommand(): Command {
  return new Command("job")
    .description("show one job in detail")
    .argument("<id>", "the job id (from booty jobs), or its first characters")
    .option("--json", "print JSON")
    .option("--data-dir <dir>", "the data directory (BOOTY_DATA_DIR)")
    .action(async (id: string, flags: JobsFlags) => {
      process.exitCode = await withSource(flags, async (source, where) => {
        const [{ JOB_ID_PREFIX }, { isAmbiguous }, { renderJob }] = await Promise.all([
          import("../../queue/index.ts"),
          import("../../service/job-view.ts"),
          import("../../service/render.ts"),
        ]);
        if (!JOB_ID_PREFIX.test(id)) {
          process.stderr.write(`booty: job id '${oneLine(id, 60)}': expected a job id or its first 4+ characters\n`);
          return 1;
        }
        const job = await source.get(id);
        if (!job) {
          process.stderr.write(`booty: no job ${id} in ${where}\n`);
          return 1;
        }
        if (isAmbiguous(job)) {
          process.stderr.write(
            `booty: job id ${id} is ambiguous: ${job.candidates} jobs start with it; give more of it\n`,
          );
          return 1;
        }
        process.stdout.write(flags.json ? `${JSON.stringify(job)}\n` : forTerminal(renderJob(job)));
        return 0;
      });
    });
}

export async function withSource(
  flags: JobsFlags,
  fn: (source: JobsSource, where: string) => Promise<number>,
): Promise<number> {
  if (flags.limit !== undefined && !/^0*([1-9]\d{0,2}|1000)$/.test(flags.limit)) {
    process.stderr.write(`booty: --limit ${oneLine(flags.limit, 40)}: expected a whole number from 1 to 1000\n`);
    return 1;
  }
  try {
    const { config, logger } = await cliContext({ dataDir: flags.dataDir }, { level: "warn" });
    // The queue's libraries load only when a command reads it, so that `--help` answers at once.
    const { openJobsSource } = await import("../../service/jobs-source.ts");
    const source = await openJobsSource(config, { logger });
    // Which queue was read, so that an empty answer from the wrong one is not taken for the truth.
    const where = config.service.databaseUrl
      ? "the PostgreSQL database of DATABASE_URL"
      : `${config.dataDir} (BOOTY_DATA_DIR, or --data-dir)`;
    try {
      return await fn(source, where);
    } finally {
      await source.close();
    }
  } catch (error) {
    process.stderr.write(`booty: ${describeError(error)}\n`);
    return 1;
  }
}
