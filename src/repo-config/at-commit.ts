import { InputError } from "../errors/index.ts";
import { runGit } from "../workspace/git.ts";
import { MAX_REPO_CONFIG_BYTES, parseRepoConfig, REPO_CONFIG_FILE } from "./load.ts";
import type { RepoConfig } from "./schema.ts";

/**
 * Reads `.booty.yml` from `commit`'s tree (the base branch), never from a working tree: a pull request's
 * branch or a test run could otherwise loosen the repository's own rules for the job working on it. null
 * when the commit has none; the same refusals as `loadRepoConfig` (a symlink, a directory, too large).
 */
export async function loadRepoConfigAt(cwd: string, commit: string): Promise<RepoConfig | null> {
  const { stdout } = await runGit(["ls-tree", "-z", "--full-tree", commit, "--", REPO_CONFIG_FILE], { cwd });
  const entry = /^(\d{6}) (\w+) ([0-9a-f]+)\t/.exec(stdout);
  if (!entry) return null;
  const [, mode, type, oid = ""] = entry;
  if (type !== "blob" || mode === "120000") refuse("expected a regular file, not a symlink or directory");
  const size = Number((await runGit(["cat-file", "-s", oid], { cwd })).stdout.trim());
  if (size > MAX_REPO_CONFIG_BYTES) refuse(`larger than ${MAX_REPO_CONFIG_BYTES} bytes`);
  return parseRepoConfig((await runGit(["cat-file", "blob", oid], { cwd })).stdout);
}

function refuse(problem: string): never {
  throw new InputError(`${REPO_CONFIG_FILE}:1: (file): ${problem}`, { where: REPO_CONFIG_FILE });
}
