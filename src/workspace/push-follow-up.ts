import { BranchMovedError, GitError, InputError } from "../errors/index.ts";
import { runGit } from "./git.ts";
import { type Pushed, type PushOptions, remoteOf } from "./push.ts";
import type { Workspace } from "./workspace.ts";

/**
 * Pushes a follow-up commit onto a pull request's branch as a plain fast-forward, never a force: only
 * while the branch still points at `expected` (the commit booty built on). When someone pushed
 * meanwhile, their commits stay and the push is refused with a retryable BranchMovedError.
 */
export async function pushFollowUp(
  ws: Workspace,
  opts: Pick<PushOptions, "remoteUrl" | "token"> & { expected: string },
): Promise<Pushed> {
  const { url, auth } = remoteOf(opts);
  const ref = `refs/heads/${ws.branch}`;
  const remoteTip = async () => {
    const { stdout } = await runGit(["ls-remote", "--", url, ref], { cwd: ws.root, ...auth });
    return stdout.split("\t")[0]?.trim() ?? "";
  };
  const check = (tip: string) => {
    if (tip === "") {
      throw new InputError(`the pull request's branch ${ws.branch} was deleted: nothing to push the follow-up onto`, {
        where: ws.branch,
      });
    }
    if (tip !== opts.expected) {
      throw new BranchMovedError(
        `someone pushed to ${ws.branch} while booty worked (now ${tip.slice(0, 12)}, booty built on ` +
          `${opts.expected.slice(0, 12)}): their commits stay; booty starts again from the branch as it is`,
        { where: ws.branch },
      );
    }
  };
  check(await remoteTip());
  try {
    await runGit(["push", "--no-verify", "--porcelain", "--", url, `${ref}:${ref}`], { cwd: ws.root, ...auth });
  } catch (error) {
    // A push refused as not a fast-forward: the branch moved between the look and the push.
    if (error instanceof GitError) check(await remoteTip());
    throw error;
  }
  const sha = (await runGit(["rev-parse", "HEAD"], { cwd: ws.root })).stdout.trim();
  return { created: false, sha };
}
