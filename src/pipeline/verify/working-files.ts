import { runGit } from "../../workspace/git.ts";

/** Tracked files plus the ones the change created (untracked, not ignored): what the tests must see. */
export async function workingFiles(root: string): Promise<string[]> {
  const { stdout } = await runGit(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root });
  return [...new Set(stdout.split("\0").filter(Boolean))];
}
