import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { cliContext, newRunId } from "../context.ts";
import { parseIssueText } from "../issue-input.ts";
import { recordLocalRun } from "../local-run.ts";
import { printEarlyFailure, printReport } from "../output.ts";
import type { Progress } from "../progress.ts";

const DEMO_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../../examples/demo");
const IDENTITY = { GIT_AUTHOR_NAME: "booty demo", GIT_AUTHOR_EMAIL: "demo@booty.invalid" };

export function demoCommand(): Command {
  return new Command("demo")
    .description("run the whole pipeline offline on a bundled example repository with a scripted model")
    .option("--keep", "keep the example repository and data directory instead of deleting them")
    .option("--json", "print the JSON report instead of the human summary")
    .action(async (flags: { keep?: boolean; json?: boolean }) => {
      process.exitCode = await demo(flags.keep === true, flags.json === true);
    });
}

async function demo(keep: boolean, json: boolean): Promise<number> {
  const scratch = await mkdtemp(join(tmpdir(), "booty-demo-"));
  let progress: Progress | undefined;
  try {
    const [{ createModel }, { pipelineDeps, runPipeline }, { runGit }] = await Promise.all([
      import("../../model/index.ts"),
      import("../../pipeline/run.ts"),
      import("../../workspace/git.ts"),
    ]);
    const repo = join(scratch, "stats");
    await cp(join(DEMO_DIR, "repo"), repo, { recursive: true });
    const env = {
      ...IDENTITY,
      GIT_COMMITTER_NAME: IDENTITY.GIT_AUTHOR_NAME,
      GIT_COMMITTER_EMAIL: IDENTITY.GIT_AUTHOR_EMAIL,
    };
    await runGit(["init", "-q", "-b", "main"], { cwd: repo });
    await runGit(["add", "-A"], { cwd: repo });
    await runGit(["commit", "-q", "-m", "initial commit"], { cwd: repo, env });

    const context = await cliContext(
      { model: `script:${join(DEMO_DIR, "script.yml")}`, dataDir: join(scratch, "data") },
      { progress: "always" },
    );
    const { config, logger } = context;
    progress = context.progress;
    const model = createModel(config.model, { logger });
    process.stderr.write(introduction(repo, keep));
    const issue = parseIssueText(await readFile(join(DEMO_DIR, "issue.md"), "utf8"));
    let diff = "";
    // The demo has no forge: its "publisher" only keeps the commit's diff to show it.
    const publisher = {
      publish: async ({ workspace }: { workspace: { diff(): Promise<string> } }) => {
        diff = await workspace.diff();
        return undefined;
      },
    };
    const [runId, startedAt, numbered] = [newRunId(), new Date(), { ...issue, number: 1 }];
    const report = await runPipeline(pipelineDeps(config, { model, logger, publisher }), {
      source: repo,
      issue: numbered,
      runId,
      // The example repository's own (made-up) owner commits, with booty as co-author, as `booty run` does.
      author: { name: IDENTITY.GIT_AUTHOR_NAME, email: IDENTITY.GIT_AUTHOR_EMAIL },
      coAuthor: config.coAuthor,
    });
    await recordLocalRun({ dataDir: config.dataDir, runId, source: repo, issue: numbered, startedAt, report, logger });
    progress?.stop();
    printReport(report, json);
    if (!json && diff) process.stdout.write(`\nThe commit booty made on ${report.branch}:\n\n${diff}\n`);
    if (keep)
      process.stderr.write(`\nkept: ${scratch}\nsee it in the dashboard: booty ui --data-dir ${config.dataDir}\n`);
    return report.status === "succeeded" ? 0 : 1;
  } catch (error) {
    progress?.stop();
    printEarlyFailure(error, json);
    return 1;
  } finally {
    if (!keep) await rm(scratch, { recursive: true, force: true });
  }
}

/** What the demo is about to show, said before it starts: the scripted model and its deliberate slip. */
function introduction(repo: string, keep: boolean): string {
  return [
    "booty demo — SCRIPTED: answers come from examples/demo/script.yml; no AI provider is called.",
    "The issue: mean([]) and median([]) crash. The scripted fix has a deliberate slip, so the first test",
    "round fails on purpose; booty then shows the failing test to the model and applies its corrected",
    "edit (the refine loop), and the second round passes.",
    `example repository: ${repo} (${keep ? "kept after the demo" : "deleted when the demo ends; --keep keeps it"})`,
    "",
    "",
  ].join("\n");
}
