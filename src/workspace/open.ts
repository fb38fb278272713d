import { realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import { GitError, InputError, PolicyError } from "../errors/index.ts";
import { assertSafeBranchName } from "./branch.ts";
import { runGit } from "./git.ts";
import { withLock } from "./lock.ts";
import { ensureMirror, hasRef } from "./mirror.ts";
import { foreignCommit } from "./ownership.ts";
import { parseSource } from "./source.ts";
import { type RepoLock, type Workspace, workspaceHandle } from "./workspace.ts";

export type { Author, Workspace } from "./workspace.ts";

export interface OpenWorkspaceOptions {
  /** A local repository path, or an https, ssh, `user@host:path` or file URL. */
  source: string;
  /** Defaults to the local repository's current branch, or the remote's default branch. */
  baseBranch?: string | undefined;
  branch: string;
  dataDir: string;
  runId: string;
  logger: Logger;
  token?: string | undefined;
  /**
   * What to do when a local repository already has the branch (an earlier run's): refuse (the default),
   * replace it if it holds booty's commits alone, or continue on top of it. Either way a failed run puts it
   * back where it was.
   */
  existing?: "replace" | "continue" | undefined;
  /** The co-author line that marks booty's commits (checked before replacing a branch). */
  ownTrailer?: string | undefined;
}

export interface Repo {
  repoDir: string;
  kind: "local" | "mirror";
  /** The ref names the base branch resolves to in repoDir. */
  refFor(branch: string): string;
  /** The branch to use when none is asked for, or a commit when HEAD is detached. */
  defaultBase(): Promise<{ name: string; ref: string }>;
}

/**
 * A fresh worktree on a new branch, under `<dataDir>/worktrees/<runId>`. A local repository's working
 * tree, index and current branch are never touched; a URL is served from a cached bare mirror.
 */
export async function openWorkspace(opts: OpenWorkspaceOptions): Promise<Workspace> {
  assertSafeBranchName(opts.branch);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(opts.runId)) {
    throw new InputError(`invalid run id: ${JSON.stringify(opts.runId)}`, { where: "workspace" });
  }
  const source = parseSource(opts.source);
  const repo = source.kind === "local" ? await localRepo(source.path) : await mirrorRepo(opts, source);
  const where = source.kind === "local" ? source.path : source.url;
  if (!(await runGit(["for-each-ref", "--count=1", "--format=x"], { cwd: repo.repoDir })).stdout.trim()) {
    throw new InputError(`empty repository (no commits): ${where}`, { where });
  }
  let base: { name: string; ref: string };
  if (opts.baseBranch !== undefined) {
    assertSafeBranchName(opts.baseBranch);
    base = { name: opts.baseBranch, ref: repo.refFor(opts.baseBranch) };
  } else {
    base = await repo.defaultBase();
  }
  if (!(await hasRef(repo.repoDir, base.ref))) {
    throw unknownBase(base.name, where);
  }
  const baseCommit = await revParse(repo.repoDir, base.ref);
  const lockRepo: RepoLock = repo.kind === "mirror" ? (fn) => withLock(repo.repoDir, opts.logger, fn) : (fn) => fn();
  return lockRepo(() => addWorktree(repo, opts, base, baseCommit, where)).then((fields) =>
    workspaceHandle(fields, lockRepo),
  );
}

/** Creates the branch and its worktree; on a mirror, under the mirror's lock (see RepoLock). */
async function addWorktree(
  repo: Repo,
  opts: OpenWorkspaceOptions,
  base: { name: string },
  baseCommit: string,
  where: string,
): Promise<Parameters<typeof workspaceHandle>[0]> {
  let restoreTip: string | undefined;
  let start = baseCommit;
  if (await hasRef(repo.repoDir, `refs/heads/${opts.branch}`)) {
    // The mirror's own branches are leftovers of earlier runs (already pushed): a re-run replaces them,
    // unless a live run still has the branch checked out. A user's branch is touched only when asked.
    if (repo.kind === "mirror" && !(await checkedOut(repo.repoDir, opts.branch))) {
      await runGit(["branch", "-D", "--", opts.branch], { cwd: repo.repoDir });
      opts.logger.info({ branch: opts.branch }, "replaced a branch left in the mirror by an earlier run");
    } else {
      restoreTip = await takeOver(repo, opts, baseCommit, where);
      if (opts.existing === "continue") start = restoreTip;
    }
  }
  const root = join(opts.dataDir, "worktrees", opts.runId);
  if (
    await stat(root).then(
      () => true,
      () => false,
    )
  ) {
    throw new InputError(`worktree directory already exists: ${root}`, { where: root });
  }
  const fields = {
    root,
    branch: opts.branch,
    baseBranch: base.name,
    baseCommit: start,
    repoDir: repo.repoDir,
    kind: repo.kind,
    restoreTip,
  };
  const args = ["worktree", "add", "-q", "--no-track", "-B", opts.branch, root, start];
  await runGit(args, { cwd: repo.repoDir }).catch(async (error: unknown) => {
    // A checkout that fails half way can leave the new branch or worktree metadata behind.
    await workspaceHandle(fields)
      .cleanup({ keepBranch: false })
      .catch(() => undefined);
    throw error;
  });
  opts.logger.info({ branch: opts.branch, base: base.name, baseCommit: start, root }, "worktree created");
  return fields;
}

export async function localRepo(path: string): Promise<Repo> {
  const fail = () => new InputError(`not a git repository: ${path}`, { where: path });
  const real = await realpath(path).catch(() => {
    throw fail();
  });
  const top = await runGit(["rev-parse", "--show-toplevel"], { cwd: real }).then(
    (result) => result.stdout.trim(),
    (error: unknown) => {
      if (error instanceof GitError && /not a git repository|cannot change to/i.test(error.message)) throw fail();
      throw error;
    },
  );
  // A plain folder that merely sits inside some other repository is not the repository the user meant.
  if ((await realpath(top)) !== real) throw fail();
  return {
    repoDir: real,
    kind: "local",
    refFor: (branch) => `refs/heads/${branch}`,
    async defaultBase() {
      const current = await runGit(["symbolic-ref", "--quiet", "--short", "HEAD"], { cwd: real }).then(
        (result) => result.stdout.trim(),
        () => undefined,
      );
      if (current !== undefined) return { name: current, ref: `refs/heads/${current}` };
      const commit = await revParse(real, "HEAD");
      return { name: commit, ref: commit };
    },
  };
}

async function mirrorRepo(
  opts: OpenWorkspaceOptions,
  source: Extract<ReturnType<typeof parseSource>, { kind: "url" }>,
): Promise<Repo> {
  const dir = join(opts.dataDir, "mirrors", source.mirrorPath);
  await ensureMirror({ url: source.url, httpOrigin: source.httpOrigin, dir, token: opts.token, logger: opts.logger });
  return {
    repoDir: dir,
    kind: "mirror",
    refFor: (branch) => `refs/remotes/origin/${branch}`,
    async defaultBase() {
      const head = await runGit(["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"], { cwd: dir }).then(
        (result) => result.stdout.trim().replace(/^origin\//, ""),
        () => {
          throw new InputError(`cannot tell the default branch of ${source.url}; pass a base branch`, {
            where: source.url,
          });
        },
      );
      return { name: head, ref: `refs/remotes/origin/${head}` };
    },
  };
}

async function checkedOut(repoDir: string, branch: string): Promise<boolean> {
  await runGit(["worktree", "prune"], { cwd: repoDir });
  const { stdout } = await runGit(["worktree", "list", "--porcelain"], { cwd: repoDir });
  return stdout.split("\n").includes(`branch refs/heads/${branch}`);
}

async function revParse(cwd: string, ref: string): Promise<string> {
  return (await runGit(["rev-parse", "--verify", `${ref}^{commit}`], { cwd })).stdout.trim();
}

/**
 * A local branch from an earlier run: refused unless the user said --force (replace: only if every commit
 * on it beyond the base is booty's) or --continue. Returns the tip to restore if this run fails.
 */
async function takeOver(repo: Repo, opts: OpenWorkspaceOptions, baseCommit: string, where: string): Promise<string> {
  const { branch } = opts;
  if (opts.existing === undefined || (await checkedOut(repo.repoDir, branch))) {
    throw branchExists(branch, where);
  }
  const tip = await revParse(repo.repoDir, `refs/heads/${branch}`);
  if (opts.existing === "replace") await assertReplaceable(repo.repoDir, branch, baseCommit, opts.ownTrailer, where);
  return tip;
}

export function branchExists(branch: string, where: string): InputError {
  return new InputError(
    `branch ${branch} already exists (${where}): an earlier run made it; ` +
      "run again with --force to replace it (only if it holds booty's commits alone) or --continue to build on it",
    { where },
  );
}

export function unknownBase(name: string, where: string): InputError {
  return new InputError(`unknown base branch '${name}' (${where}): no such branch; name another with --base`, {
    where,
  });
}

/** --force replaces a branch only when every commit on it beyond the base is booty's. */
export async function assertReplaceable(
  repoDir: string,
  branch: string,
  baseCommit: string,
  ownTrailer: string | undefined,
  where: string,
): Promise<void> {
  const tip = await revParse(repoDir, `refs/heads/${branch}`);
  const foreign = await foreignCommit(repoDir, tip, baseCommit, ownTrailer ?? "");
  if (!foreign) return;
  throw new PolicyError(
    `branch ${branch} has a commit booty did not make (${where}): ${foreign.sha.slice(0, 12)} by ${foreign.author}; ` +
      "--force replaces only booty's own branch: use --continue to build on it, or delete or rename the branch",
    { where },
  );
}
