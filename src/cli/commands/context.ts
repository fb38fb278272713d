import { join, resolve } from "node:path";
import { Command } from "commander";
import { InputError } from "../../errors/index.ts";
// The budget's own module, not the localizer's barrel: that loads the whole ranking code, and the command
// descriptions must stay light for `booty --help` (test/cli/startup.test.ts).
import { cliContext } from "../context.ts";
import { readIssue, withIssueOptions } from "../issue-input.ts";
import { printEarlyFailure } from "../output.ts";

interface ContextFlags {
  repo: string;
  issueFile?: string;
  title?: string;
  body?: string;
  budget?: string;
  top?: string;
  json?: boolean;
}

export function contextCommand(): Command {
  return (
    withIssueOptions(
      new Command("context")
        .description("rank a repository's files for an issue and show which fit the token budget (no model call)")
        .requiredOption("--repo <path>", "local repository path"),
    )
      // No commander defaults: they would have to be imported here, and the localizer's barrel is heavy for
      // `booty --help`. The action fills in what `booty run` uses.
      .option("--budget <tokens>", "token budget for packing (cl100k); default: what run packs for analyze, 24000")
      .option("--top <n>", "how many ranked files to show; default: what run considers, 20")
      .option("--json", "print {files, packed, budget, used} as JSON")
      .action(async (flags: ContextFlags) => {
        process.exitCode = await context(flags);
      })
  );
}

async function context(flags: ContextFlags): Promise<number> {
  const json = flags.json === true;
  try {
    // Loaded here, not at the top: `booty --help` must not pay for the ranking code.
    const { ANALYZE_BUDGET, ANALYZE_TOP, contextCommandJson, formatContextReport, localize } = await import(
      "../../localize/index.ts"
    );
    const budget = flags.budget === undefined ? ANALYZE_BUDGET : positive(flags.budget, "--budget");
    const top = flags.top === undefined ? ANALYZE_TOP : positive(flags.top, "--top");
    const { config, logger } = await cliContext();
    const issue = await readIssue(flags);
    const { runGit } = await import("../../workspace/git.ts");
    const { blobKeys } = await import("../../workspace/blob-ids.ts");
    const root = resolve(flags.repo);
    const files = await trackedFiles(root);
    const commit = (
      await runGit(["rev-parse", "--verify", "-q", "HEAD"], { cwd: root }).catch(() => ({ stdout: "" }))
    ).stdout.trim();
    const result = await localize({
      root,
      files,
      issue: { title: issue.title, body: issue.body },
      cacheDir: join(config.dataDir, "index"),
      listBlobs: blobKeys,
      ...(commit ? { commit } : {}),
      budget,
      top,
      logger,
    });
    process.stdout.write(json ? `${JSON.stringify(contextCommandJson(result))}\n` : formatContextReport(result));
    return 0;
  } catch (error) {
    printEarlyFailure(error, json);
    return 1;
  }
}

async function trackedFiles(root: string): Promise<string[]> {
  const { runGit } = await import("../../workspace/git.ts");
  try {
    const { stdout } = await runGit(["ls-files", "-z"], { cwd: root });
    return stdout.split("\0").filter(Boolean);
  } catch {
    throw new InputError(`not a git repository: ${root}`, { where: root });
  }
}

function positive(value: string, flag: string): number {
  if (!/^[1-9]\d{0,8}$/.test(value)) throw new InputError(`${flag} expects a positive whole number, got '${value}'`);
  return Number(value);
}
