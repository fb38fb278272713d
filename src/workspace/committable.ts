import { lstat } from "node:fs/promises";
import { join } from "node:path";
import { PolicyError } from "../errors/index.ts";
import { runGit } from "./git.ts";

/**
 * Refuses, before anything is written, paths booty's commit could not carry: inside a submodule or a
 * nested repository (git records only the link), or ignored (`git add -A` skips them). Otherwise the pull
 * request would describe a change that is not in it.
 */
export async function assertCommittable(root: string, paths: readonly string[]): Promise<void> {
  if (paths.length === 0) return;
  const { stdout: index } = await runGit(["ls-files", "--stage", "-z"], { cwd: root });
  const links = index
    .split("\0")
    .filter((entry) => entry.startsWith("160000 "))
    .map((entry) => entry.slice(entry.indexOf("\t") + 1));
  for (const path of paths) {
    const link = links.find((l) => path === l || path.startsWith(`${l}/`));
    if (link !== undefined) refuse(path, `inside submodule '${link}'`);
    const nested = await nestedRepository(root, path);
    if (nested !== undefined) refuse(path, `inside nested repository '${nested}'`);
  }
  const { stdout } = await runGit(["check-ignore", "-z", "--stdin"], {
    cwd: root,
    input: `${paths.join("\0")}\0`,
    okExitCodes: [1],
  });
  const ignored = stdout.split("\0").find((entry) => entry.length > 0);
  if (ignored !== undefined) refuse(ignored, "ignored by .gitignore, so the commit would leave it out");
}

async function nestedRepository(root: string, path: string): Promise<string | undefined> {
  const parts = path.split("/").slice(0, -1);
  for (let depth = 1; depth <= parts.length; depth++) {
    const dir = parts.slice(0, depth).join("/");
    const found = await lstat(join(root, dir, ".git")).then(
      () => true,
      () => false,
    );
    if (found) return dir;
  }
  return undefined;
}

function refuse(path: string, why: string): never {
  throw new PolicyError(`path refused: ${JSON.stringify(path.slice(0, 200))}: ${why}`, { where: path });
}
