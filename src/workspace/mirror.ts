import { randomBytes } from "node:crypto";
import { access, mkdir, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import type { Logger } from "pino";
import { runGit } from "./git.ts";
import { withLock } from "./lock.ts";

export interface MirrorOptions {
  url: string;
  /** Where the token may be sent; undefined for ssh and file URLs. */
  httpOrigin: string | undefined;
  dir: string;
  token?: string | undefined;
  logger: Logger;
}

/**
 * Brings the bare mirror at `dir` up to date with `url`, cloning it the first time. Upstream branches
 * land in refs/remotes/origin/*, so a prune never touches the booty branches that worktrees made in
 * refs/heads/*. Tags and submodules are never fetched.
 */
export async function ensureMirror(opts: MirrorOptions): Promise<void> {
  await mkdir(dirname(opts.dir), { recursive: true });
  await withLock(opts.dir, opts.logger, async () => {
    if (await exists(`${opts.dir}/HEAD`)) {
      await runGit(["remote", "set-url", "origin", opts.url], { cwd: opts.dir });
      await update(opts.dir, opts);
      opts.logger.debug({ mirror: opts.dir }, "mirror fetched");
      return;
    }
    // Built aside and renamed into place, so a failed first clone never leaves a half mirror behind.
    const temp = `${opts.dir}.tmp-${randomBytes(4).toString("hex")}`;
    try {
      await mkdir(temp);
      await runGit(["init", "--bare", "-q"], { cwd: temp });
      await runGit(["remote", "add", "origin", opts.url], { cwd: temp });
      await runGit(["config", "remote.origin.tagOpt", "--no-tags"], { cwd: temp });
      await update(temp, opts);
      await rename(temp, opts.dir);
      opts.logger.info({ mirror: opts.dir }, "mirror cloned");
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  });
}

async function update(dir: string, opts: MirrorOptions): Promise<void> {
  const auth = { token: opts.httpOrigin ? opts.token : undefined, tokenOrigin: opts.httpOrigin };
  await runGit(
    ["fetch", "--prune", "--no-tags", "--no-recurse-submodules", "origin", "+refs/heads/*:refs/remotes/origin/*"],
    { cwd: dir, ...auth },
  );
  const { stdout } = await runGit(["ls-remote", "--symref", "origin", "HEAD"], { cwd: dir, ...auth });
  const head = /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(stdout)?.[1];
  if (head !== undefined && (await hasRef(dir, `refs/remotes/origin/${head}`))) {
    await runGit(["symbolic-ref", "refs/remotes/origin/HEAD", `refs/remotes/origin/${head}`], { cwd: dir });
  }
}

export async function hasRef(cwd: string, ref: string): Promise<boolean> {
  return runGit(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd }).then(
    () => true,
    () => false,
  );
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
