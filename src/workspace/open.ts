import { realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import { GitError, InputError } from "../errors/index.ts";
import { assertSafeBranchName } from "./branch.ts";
import { runGit } from "./git.ts";
import { withLock } from "./lock.ts";
import { ensureMirror, hasRef } from "./mirror.ts";
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
    throw new InputError(`unknown base branch '${base.name}' in ${where}`, { where });
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
  if (await hasRef(repo.repoDir, `refs/heads/${opts.branch}`)) {
    // The mirror's own branches are leftovers of earlier runs (already pushed): a re-run replaces them,
    // unless a live run still has the branch checked out. A user's branch is never touched.
    if (repo.kind === "local" || (await checkedOut(repo.repoDir, opts.branch))) {
      throw new InputError(`branch '${opts.branch}' already exists in ${where}`, { where });
    }
    await runGit(["branch", "-D", "--", opts.branch], { cwd: repo.repoDir });
    opts.logger.info({ branch: opts.branch }, "replaced a branch left in the mirror by an earlier run");
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
    baseCommit,
    repoDir: repo.repoDir,
    kind: repo.kind,
  };
  const args = ["worktree", "add", "-q", "--no-track", "-b", opts.branch, root, baseCommit];
  await runGit(args, { cwd: repo.repoDir }).catch(async (error: unknown) => {
    // A checkout that fails half way can leave the new branch or worktree metadata behind.
    await workspaceHandle(fields)
      .cleanup({ keepBranch: false })
      .catch(() => undefined);
    throw error;
  });
  opts.logger.info({ branch: opts.branch, base: base.name, baseCommit, root }, "worktree created");
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
