import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runGit } from "../../src/workspace/git.ts";

/** The bare repository for `owner/name` in `dir`: `owner+name/repo` (as fetched), `owner+name`, or `owner/name.git`. */
export function bareRepoFor(dir: string, repo: string): string | null {
  const [owner, name] = repo.split("/");
  if (!owner || !name) return null;
  for (const candidate of [
    join(dir, `${owner}+${name}`, "repo"),
    join(dir, `${owner}+${name}`),
    join(dir, owner, `${name}.git`),
    join(dir, owner, name),
  ]) {
    if (existsSync(join(candidate, "HEAD")) && existsSync(join(candidate, "objects"))) return candidate;
  }
  return null;
}

/** Checks `commit` out into a temporary worktree, runs `use`, and always removes the worktree. */
export async function withCheckout<T>(
  bare: string,
  commit: string,
  use: (root: string, files: string[]) => Promise<T>,
): Promise<T> {
  const parent = await mkdtemp(join(tmpdir(), "booty-bench-"));
  const root = join(parent, "wt");
  try {
    await runGit(["--git-dir", bare, "worktree", "add", "--detach", "--force", root, commit], { cwd: parent });
    const { stdout } = await runGit(["ls-files", "-z"], { cwd: root });
    const files = stdout.split("\0").filter(Boolean);
    return await use(root, files);
  } finally {
    await runGit(["--git-dir", bare, "worktree", "remove", "--force", root], { cwd: parent }).catch(() => undefined);
    await rm(parent, { recursive: true, force: true });
    await runGit(["--git-dir", bare, "worktree", "prune"], { cwd: parent }).catch(() => undefined);
  }
}
