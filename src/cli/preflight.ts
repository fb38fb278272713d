import type { Config } from "../config/index.ts";
import type { IssueInput } from "../pipeline/types.ts";

export interface PreflightInput {
  source: string;
  local: boolean;
  issue: IssueInput;
  config: Config;
  existingBranch: "replace" | "continue" | undefined;
}

/**
 * The checks a run on a local repository makes before anything starts, so that a mistake costs one line
 * on stderr and leaves nothing behind: the issue says something, the path is a repository, the base branch
 * exists, and a branch from an earlier run is only taken over when the user said how. Returns notes worth
 * telling the user (uncommitted changes booty will not see).
 */
export async function preflight(input: PreflightInput): Promise<string[]> {
  const [
    { checkIssue },
    { assertReplaceable, branchExists, localRepo, unknownBase },
    { branchName },
    { hasRef },
    { runGit },
    { BOOTY_TRAILER },
  ] = await Promise.all([
    import("../pipeline/input.ts"),
    import("../workspace/open.ts"),
    import("../workspace/branch.ts"),
    import("../workspace/mirror.ts"),
    import("../workspace/git.ts"),
    import("../pipeline/commit/message.ts"),
  ]);
  const issue = checkIssue(input.issue);
  if (!input.local) return [];
  const repo = await localRepo(input.source);
  const base = input.config.baseBranch;
  if (base !== undefined && !(await hasRef(repo.repoDir, `refs/heads/${base}`))) {
    throw unknownBase(base, repo.repoDir);
  }
  const branch = branchName(input.config.branchPrefix, issue.number, issue.title);
  if (await hasRef(repo.repoDir, `refs/heads/${branch}`)) {
    if (input.existingBranch === undefined) throw branchExists(branch, repo.repoDir);
    if (input.existingBranch === "replace") {
      const { stdout } = await runGit(["rev-parse", "--verify", `${base ?? "HEAD"}^{commit}`], { cwd: repo.repoDir });
      await assertReplaceable(repo.repoDir, branch, stdout.trim(), BOOTY_TRAILER, repo.repoDir);
    }
  }
  const { stdout } = await runGit(["status", "--porcelain", "-z"], { cwd: repo.repoDir });
  const changes = stdout.split("\0").filter(Boolean).length;
  if (changes === 0) return [];
  return [
    `note (${repo.repoDir}): ${changes} uncommitted change${changes === 1 ? "" : "s"} in the working tree will not be ` +
      "seen: booty works from the base commit, not the working tree; commit them first to include them",
  ];
}
