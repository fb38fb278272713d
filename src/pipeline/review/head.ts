import { BranchMovedError, InputError } from "../../errors/index.ts";
import { runGit } from "../../workspace/git.ts";
import type { Workspace } from "../../workspace/open.ts";
import type { RunState } from "../run-state.ts";
import type { ReviewInput } from "./types.ts";

/**
 * A worktree on the pull request's head branch as the forge has it now: fetched fresh, checked out at
 * the commit the forge reported. A deleted branch is a clear refusal; a branch that moved since the
 * forge was read is a retryable failure (the next attempt reads both again).
 */
export async function openHead(run: RunState, input: ReviewInput): Promise<Workspace> {
  const { options } = run.deps;
  const { head } = input.pull;
  const ws = await run.deps
    .openWorkspace({
      source: input.source,
      baseBranch: head.ref,
      branch: head.ref,
      dataDir: options.dataDir,
      runId: input.runId,
      logger: run.log,
      ...(input.token ? { token: input.token } : {}),
      existing: "continue",
    })
    .catch((error: unknown) => {
      if (error instanceof InputError && /^unknown base branch/.test(error.message)) {
        throw new InputError(`the pull request's branch ${head.ref} no longer exists (deleted): nothing to build on`, {
          where: head.ref,
        });
      }
      throw error;
    });
  run.workspace = ws;
  run.report.branch = ws.branch;
  if (ws.baseCommit !== head.sha) {
    throw new BranchMovedError(
      `the branch ${head.ref} is at ${ws.baseCommit.slice(0, 12)}, not at ${head.sha.slice(0, 12)} as the pull ` +
        "request said a moment ago (someone pushed or force-pushed): booty starts again from the branch as it is",
      { where: head.ref },
    );
  }
  return ws;
}

/**
 * The commit the pull request's base branch is at in the workspace's repository (fetched with it), or
 * undefined when the repository does not hold it.
 */
export async function baseCommitOf(ws: Workspace, baseRef: string): Promise<string | undefined> {
  for (const ref of [`refs/remotes/origin/${baseRef}`, `refs/heads/${baseRef}`]) {
    const sha = await runGit(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: ws.root }).then(
      (r) => r.stdout.trim(),
      () => undefined,
    );
    if (sha) return sha;
  }
  return undefined;
}

/** The pull request's changes against its base (`base...head`), and the files they touch. */
export async function pullDiff(ws: Workspace, baseRef: string): Promise<{ diff: string; files: string[] }> {
  const git = (args: string[]) => runGit(args, { cwd: ws.root }).then((r) => r.stdout);
  const base = await baseCommitOf(ws, baseRef);
  if (!base) return { diff: "", files: [] };
  const range = `${base}...${ws.baseCommit}`;
  const [diff, names] = await Promise.all([
    git(["diff", "--no-color", "--no-ext-diff", "--no-textconv", range, "--"]),
    git(["diff", "--name-only", "-z", "--no-renames", range, "--"]),
  ]);
  return { diff, files: names.split("\0").filter(Boolean) };
}
