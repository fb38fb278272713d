import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";

/** Plain git for the emulator's own bare repositories: no shell, no user or system config. */
export function gitIn(dir: string, args: string[], input?: string, extraEnv: Record<string, string> = {}) {
  return new Promise<string>((resolve, reject) => {
    const child = execFile(
      "git",
      args,
      {
        cwd: dir,
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: dir,
          GIT_CONFIG_NOSYSTEM: "1",
          LC_ALL: "C",
          ...extraEnv,
        },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`emulator: git ${args[0]} failed in ${dir}: ${stderr.trim() || error.message}`));
        else resolve(stdout);
      },
    );
    // git may exit before reading its input (most commands take none).
    child.stdin?.on("error", () => {});
    child.stdin?.end(input ?? "");
  });
}

const IDENTITY = {
  GIT_AUTHOR_NAME: "Emulator",
  GIT_AUTHOR_EMAIL: "emulator@example.com",
  GIT_COMMITTER_NAME: "Emulator",
  GIT_COMMITTER_EMAIL: "emulator@example.com",
};

export async function initBareRepo(dir: string, defaultBranch: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await gitIn(dir, ["init", "--quiet", "--bare", `--initial-branch=${defaultBranch}`]);
  await gitIn(dir, ["config", "http.receivepack", "true"]);
}

/**
 * Commits `files` on top of `branch` (a new branch starts at `from`, or as a root commit without it) with plumbing only, so the bare repository
 * never needs a work tree. Returns the new commit sha.
 */
export async function commitFiles(
  dir: string,
  branch: string,
  files: Record<string, string>,
  message: string,
  from?: string,
): Promise<string> {
  const scratch = await mkdtemp(path.join(dir, "..", ".index-"));
  const env = { ...IDENTITY, GIT_INDEX_FILE: path.join(scratch, "index") };
  try {
    const parent = (await resolveRef(dir, branch)) ?? (from === undefined ? undefined : await resolveRef(dir, from));
    if (parent) await gitIn(dir, ["read-tree", parent], undefined, env);
    for (const [file, content] of Object.entries(files)) {
      const sha = (await gitIn(dir, ["hash-object", "-w", "--stdin"], content)).trim();
      await gitIn(dir, ["update-index", "--add", "--cacheinfo", `100644,${sha},${file}`], undefined, env);
    }
    const tree = (await gitIn(dir, ["write-tree"], undefined, env)).trim();
    const commit = (
      await gitIn(dir, ["commit-tree", tree, ...(parent ? ["-p", parent] : []), "-m", message], undefined, env)
    ).trim();
    await gitIn(dir, ["update-ref", `refs/heads/${branch}`, commit]);
    return commit;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export async function resolveRef(dir: string, branch: string): Promise<string | undefined> {
  try {
    return (await gitIn(dir, ["rev-parse", "--verify", "--quiet", `refs/heads/${branch}^{commit}`])).trim();
  } catch {
    return undefined;
  }
}

export async function listBranches(dir: string): Promise<Record<string, string>> {
  const out = await gitIn(dir, ["for-each-ref", "--format=%(refname:strip=2) %(objectname)", "refs/heads"]);
  const branches: Record<string, string> = {};
  for (const line of out.split("\n")) {
    const [name, sha] = line.split(" ");
    if (name && sha) branches[name] = sha;
  }
  return branches;
}

/** True when `head` has no commit that `base` lacks (GitHub refuses such a pull request). */
export async function nothingToMerge(dir: string, head: string, base: string): Promise<boolean> {
  try {
    await gitIn(dir, ["merge-base", "--is-ancestor", head, base]);
    return true;
  } catch {
    return false;
  }
}
