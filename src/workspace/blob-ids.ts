import type { Logger } from "../log/logger.ts";
import { runGit } from "./git.ts";

/** Git blob id per tracked path at `commit`; an empty map when root is not a git checkout of it. */
export async function blobKeys(root: string, commit: string, logger?: Logger): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  try {
    const { stdout } = await runGit(["ls-tree", "-r", "-z", "--full-tree", commit], { cwd: root, timeoutMs: 60_000 });
    for (const entry of stdout.split("\0")) {
      const tab = entry.indexOf("\t");
      if (tab < 0) continue;
      const [, type, oid] = entry.slice(0, tab).split(" ");
      if (type === "blob" && oid) keys.set(entry.slice(tab + 1), oid);
    }
  } catch (error) {
    logger?.debug({ err: error, root }, "no blob ids; index entries will not be reused across commits");
  }
  return keys;
}
