import { realpath, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { GitError } from "../errors/index.ts";
import { runGit } from "./git.ts";

export interface Author {
  name: string;
  email: string;
}

export interface Workspace {
  /** The worktree: a fresh checkout of the new branch; the only place edits go. */
  root: string;
  branch: string;
  baseBranch: string;
  baseCommit: string;
  /** The user's repository (local path) or the bare mirror (URL). */
  repoDir: string;
  kind: "local" | "mirror";
  /** Tracked files of the worktree (`git ls-files`), relative to root. */
  listFiles(): Promise<string[]>;
  /** Stages every change (`add -A`, .gitignore respected), commits without hooks, returns the sha. */
  commit(message: string, author?: Author): Promise<string>;
  /** Paths that differ from baseCommit: committed, staged, unstaged and untracked (not ignored). */
  changedFiles(): Promise<string[]>;
  /** The base..HEAD patch. */
  diff(): Promise<string>;
  /**
   * Removes the worktree; with keepBranch=false the branch goes too, leaving no trace of the run, or, when
   * the run replaced or continued an earlier branch, goes back to where it pointed before (`restoreTip`).
   */
  cleanup(opts: { keepBranch: boolean }): Promise<void>;
  /** The tip an earlier run's branch had when this run took it over (--force, --continue). */
  restoreTip?: string | undefined;
}

/**
 * Used only when a caller names nobody. Never a `users.noreply.github.com` address: that credits whichever
 * GitHub account owns the name.
 */
export const DEFAULT_AUTHOR: Author = { name: "booty", email: "booty@booty.invalid" };

/**
 * Runs worktree bookkeeping on the repository. On a mirror it must hold the mirror's lock: `git worktree
 * add` briefly writes a null HEAD for the new worktree, and a fetch that walks the worktrees' HEADs at that
 * moment fails with "bad object".
 */
export type RepoLock = <T>(fn: () => Promise<T>) => Promise<T>;
const unlocked: RepoLock = (fn) => fn();

export function workspaceHandle(
  fields: Omit<Workspace, keyof WorkspaceMethods>,
  lockRepo: RepoLock = unlocked,
): Workspace {
  const { root, repoDir, branch, baseCommit, restoreTip } = fields;
  const git = (args: string[], extra: { env?: Record<string, string>; input?: string } = {}) =>
    runGit(args, { cwd: root, ...extra }).then((result) => result.stdout);
  return {
    ...fields,
    async listFiles() {
      return splitZ(await git(["ls-files", "-z"]));
    },
    async commit(message, author = DEFAULT_AUTHOR) {
      await git(["add", "-A"]);
      const staged = await runGit(["diff", "--cached", "--quiet"], { cwd: root }).then(
        () => false,
        () => true,
      );
      if (!staged) throw new GitError("nothing to commit: the workspace has no changes", { where: root });
      const env = {
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_COMMITTER_NAME: author.name,
        GIT_COMMITTER_EMAIL: author.email,
      };
      // The message comes on stdin: model-written text never becomes an argument.
      await git(["-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-F", "-"], { env, input: message });
      return (await git(["rev-parse", "HEAD"])).trim();
    },
    async changedFiles() {
      const tracked = splitZ(await git(["diff", "--name-only", "-z", "--no-renames", baseCommit, "--"]));
      const untracked = splitZ(await git(["ls-files", "-z", "--others", "--exclude-standard"]));
      return [...new Set([...tracked, ...untracked])].sort();
    },
    async diff() {
      return git(["diff", "--no-color", "--no-ext-diff", "--no-textconv", `${baseCommit}..HEAD`, "--"]);
    },
    cleanup: ({ keepBranch }) => lockRepo(() => removeWorktree(root, repoDir, branch, keepBranch, restoreTip)),
  };
}

async function removeWorktree(
  root: string,
  repoDir: string,
  branch: string,
  keepBranch: boolean,
  restoreTip: string | undefined,
): Promise<void> {
  const failures: unknown[] = [];
  const attempt = (work: Promise<unknown>) => work.catch((error: unknown) => failures.push(error));
  // The worktree may already be gone (a crash, a second cleanup): only a registered one is removed.
  const registered = await isRegisteredWorktree(repoDir, root).catch((error: unknown) => {
    failures.push(error);
    return false;
  });
  if (registered) await attempt(runGit(["worktree", "remove", "--force", "--force", root], { cwd: repoDir }));
  await attempt(rm(root, { recursive: true, force: true }));
  await attempt(runGit(["worktree", "prune"], { cwd: repoDir }));
  if (!keepBranch) {
    const exists = await runGit(["rev-parse", "--verify", "--quiet", `refs/heads/${branch}`], {
      cwd: repoDir,
    }).then(
      () => true,
      () => false,
    );
    if (exists) await attempt(runGit(["branch", "-D", "--", branch], { cwd: repoDir }));
    if (restoreTip) await attempt(runGit(["branch", "--", branch, restoreTip], { cwd: repoDir }));
  }
  if (failures.length > 0) throw failures[0];
}

/** Whether git lists `root` among the repository's worktrees (by real path, as git records them). */
async function isRegisteredWorktree(repoDir: string, root: string): Promise<boolean> {
  const { stdout } = await runGit(["worktree", "list", "--porcelain", "-z"], { cwd: repoDir });
  const wanted = await realPathOf(root);
  return stdout.split("\0").some((line) => line.startsWith("worktree ") && line.slice("worktree ".length) === wanted);
}

/** The real path of `path`, or of its folder joined with its name when it no longer exists. */
async function realPathOf(path: string): Promise<string> {
  return realpath(path).catch(async () =>
    join(await realpath(dirname(path)).catch(() => resolve(dirname(path))), basename(path)),
  );
}

type WorkspaceMethods = Pick<Workspace, "listFiles" | "commit" | "changedFiles" | "diff" | "cleanup">;

function splitZ(text: string): string[] {
  return text.split("\0").filter((entry) => entry.length > 0);
}
