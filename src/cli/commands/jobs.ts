import { Command } from "commander";
import { describeError } from "../../errors/index.ts";
import { openJobsSource } from "../../service/jobs-source.ts";
import { renderJob, renderJobs } from "../../service/render.ts";
import { cliContext } from "../context.ts";

interface JobsFlags {
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
      process.exitCode = await withSource(flags, async (source) => {
        const jobs = await source.list(Math.max(1, Number(flags.limit) || 50));
        process.stdout.write(flags.json ? `${JSON.stringify(jobs)}\n` : renderJobs(jobs));
        return 0;
      });
    });
}

/** `booty job <id>`: one job with each attempt's steps, timings, tokens and cost. */
export function jobCommand(): Command {
  return new Command("job")
    .description("show one job in detail")
    .argument("<id>", "the job id (from booty jobs)")
    .option("--json", "print JSON")
    .option("--data-dir <dir>", "the data directory (BOOTY_DATA_DIR)")
    .action(async (id: string, flags: JobsFlags) => {
      process.exitCode = await withSource(flags, async (source) => {
        const job = await source.get(id);
        if (!job) {
          process.stderr.write(`booty: no job ${id}\n`);
          return 1;
        }
        process.stdout.write(flags.json ? `${JSON.stringify(job)}\n` : renderJob(job));
        return 0;
      });
    });
}

async function withSource(
  flags: JobsFlags,
  fn: (source: Awaited<ReturnType<typeof openJobsSource>>) => Promise<number>,
): Promise<number> {
  try {
    const { config } = cliContext({ dataDir: flags.dataDir }, "warn");
    const source = await openJobsSource(config);
    try {
      return await fn(source);
    } finally {
      await source.close();
    }
  } catch (error) {
    process.stderr.write(`booty: ${describeError(error)}\n`);
    return 1;
  }
}
