import { resolve } from "node:path";
import { Command } from "commander";
import { InputError } from "../../errors/index.ts";
import { cliContext, newRunId } from "../context.ts";
import { readIssue, withIssueOptions } from "../issue-input.ts";
import { recordLocalRun } from "../local-run.ts";
import { looksLikeUrl, printEarlyFailure, printReport } from "../output.ts";
import { preflight } from "../preflight.ts";
import type { Progress } from "../progress.ts";

interface RunFlags {
  repo: string;
  issueFile?: string;
  title?: string;
  body?: string;
  issueNumber?: string;
  base?: string;
  model?: string;
  dryRun?: boolean;
  json?: boolean;
  force?: boolean;
  continue?: boolean;
  /** commander's `--no-verify` sets this to false. */
  verify?: boolean;
}

export function runCommand(): Command {
  return withIssueOptions(
    new Command("run")
      .description("turn an issue into a committed branch on a local repository or a git URL")
      .requiredOption("--repo <path|url>", "local repository path, or a git URL (https, ssh, file)"),
  )
    .option("--issue-number <n>", "the issue number: names the branch and adds 'Closes #N'")
    .option("--base <branch>", "base branch (default: the repository's current branch)")
    .option("--model <provider:model>", "e.g. anthropic:claude-sonnet-4-5, openai:gpt-5, script:answers.yml")
    .option("--dry-run", "generate and apply in a scratch worktree, then remove it: no branch is left")
    .option("--json", "print one JSON report on stdout (progress stays on stderr)")
    .option("--force", "replace the branch an earlier run left (only if every commit on it is booty's)")
    .option("--continue", "build on the branch an earlier run left instead of starting from the base")
    .option(
      "--no-verify",
      "go on, unverified, when the repository's tests cannot run (default: stop before any model call)",
    )
    .action(async (flags: RunFlags) => {
      process.exitCode = await run(flags);
    });
}

async function run(flags: RunFlags): Promise<number> {
  const json = flags.json === true;
  let progress: Progress | undefined;
  try {
    const context = await cliContext({ model: flags.model, baseBranch: flags.base }, { progress: "tty" });
    const { config, logger } = context;
    progress = context.progress;
    const issue = await readIssue(flags);
    // Loaded with the run, like the pipeline: `--help` must not pay for its schema library.
    const discussion = await import("../issue-discussion.ts").then((m) => m.readIssueDiscussion(flags.issueFile));
    // The model SDKs and the pipeline load only when a run starts, so that `--help` answers at once.
    const [{ createModel }, { pipelineDeps, runPipeline }] = await Promise.all([
      import("../../model/index.ts"),
      import("../../pipeline/run.ts"),
    ]);
    const model = createModel(config.model, { logger });
    const local = !looksLikeUrl(flags.repo);
    const source = local ? resolve(flags.repo) : flags.repo;
    const existingBranch = existingBranchFlag(flags);
    const { author, notes } = await preflight({ source, local, issue, config, existingBranch });
    for (const note of notes) process.stderr.write(`booty: ${note}\n`);
    const runId = newRunId();
    const startedAt = new Date();
    const report = await runPipeline(pipelineDeps(config, { model, logger }), {
      source,
      issue,
      discussion,
      dryRun: flags.dryRun === true,
      runId,
      existingBranch,
      ...(flags.verify === false ? { verify: "optional" as const } : {}),
      author,
      coAuthor: config.coAuthor,
    });
    await recordLocalRun({ dataDir: config.dataDir, runId, source, issue, startedAt, report, logger });
    progress?.stop();
    printReport(report, json);
    return report.status === "succeeded" ? 0 : 1;
  } catch (error) {
    progress?.stop();
    printEarlyFailure(error, json);
    return 1;
  }
}

function existingBranchFlag(flags: RunFlags): "replace" | "continue" | undefined {
  if (flags.force && flags.continue) {
    throw new InputError("--force and --continue (command line): they exclude each other; choose one", {
      where: "command line",
    });
  }
  return flags.force ? "replace" : flags.continue ? "continue" : undefined;
}
