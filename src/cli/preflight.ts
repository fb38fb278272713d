import type { Config } from "../config/index.ts";
import type { IssueInput } from "../pipeline/types.ts";
import type { Author } from "../workspace/workspace.ts";

export interface PreflightInput {
  source: string;
  local: boolean;
  issue: IssueInput;
  config: Config;
  existingBranch: "replace" | "continue" | undefined;
}

export interface Preflight {
  /** The user, whose name the commit is made in (booty is its co-author). */
  author: Author;
  /** Worth telling the user before the run starts (uncommitted changes booty will not see). */
  notes: string[];
}

/**
 * The checks a run makes before anything starts, so that a mistake costs one line on stderr and leaves
 * nothing behind: the issue says something, the user has a git identity to commit as, the path is a
 * repository, the base branch exists, and a branch from an earlier run is only taken over when the user
 * said how.
 */
export async function preflight(input: PreflightInput): Promise<Preflight> {
  const [{ checkIssue }, { localRepo }, { userIdentity }, { InputError }] = await Promise.all([
    import("../pipeline/input.ts"),
    import("../workspace/open.ts"),
    import("../workspace/identity.ts"),
    import("../errors/index.ts"),
  ]);
  const issue = checkIssue(input.issue);
  const repoDir = input.local ? (await localRepo(input.source)).repoDir : undefined;
  const author = await userIdentity(repoDir ?? process.cwd(), input.config.userHome);
  if (!author) {
    throw new InputError(
      `no git identity (${repoDir ?? "git config"}): booty commits in your name, with booty as co-author; ` +
        `set one with git config --global user.name "Your Name" and git config --global user.email you@example.com`,
      { where: repoDir ?? "git config" },
    );
  }
  const notes = repoDir ? await checkLocal(repoDir, issue, input) : [];
  return { author, notes };
}

async function checkLocal(repoDir: string, issue: IssueInput, input: PreflightInput): Promise<string[]> {
  const [
    { assertReplaceable, branchExists, unknownBase },
    { branchName },
    { hasRef },
    { runGit },
    { coAuthorTrailer },
  ] = await Promise.all([
    import("../workspace/open.ts"),
    import("../workspace/branch.ts"),
    import("../workspace/mirror.ts"),
    import("../workspace/git.ts"),
    import("../workspace/identity.ts"),
  ]);
  const base = input.config.baseBranch;
  if (base !== undefined && !(await hasRef(repoDir, `refs/heads/${base}`))) throw unknownBase(base, repoDir);
  const branch = branchName(input.config.branchPrefix, issue.number, issue.title);
  if (await hasRef(repoDir, `refs/heads/${branch}`)) {
    if (input.existingBranch === undefined) throw branchExists(branch, repoDir);
    if (input.existingBranch === "replace") {
      const { stdout } = await runGit(["rev-parse", "--verify", `${base ?? "HEAD"}^{commit}`], { cwd: repoDir });
      await assertReplaceable(repoDir, branch, stdout.trim(), coAuthorTrailer(input.config.coAuthor), repoDir);
    }
  }
  const { stdout } = await runGit(["status", "--porcelain", "-z"], { cwd: repoDir });
  const changes = stdout.split("\0").filter(Boolean).length;
  if (changes === 0) return [];
  return [
    `note (${repoDir}): ${changes} uncommitted change${changes === 1 ? "" : "s"} in the working tree will not be ` +
      "seen: booty works from the base commit, not the working tree; commit them first to include them",
  ];
}
