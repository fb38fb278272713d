import { gitIn } from "./git-repo.ts";

/** What a pull request changes, read from the bare repository: its commits and per-file diff. */

export interface CommitInfo {
  sha: string;
  parents: string[];
  tree: string;
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
  message: string;
}

export interface FileChange {
  filename: string;
  status: "added" | "removed" | "modified";
  additions: number;
  deletions: number;
  /** The file's blob at the head, or null when it was removed. */
  sha: string | null;
  patch: string;
}

const FIELD = "%x00";
const RECORD = "%x1e";

/** Commits on `head` that `base` lacks, oldest first, as GitHub lists a pull request's commits. */
export async function commitsBetween(dir: string, base: string, head: string): Promise<CommitInfo[]> {
  const format = ["%H", "%P", "%T", "%an", "%ae", "%aI", "%cn", "%ce", "%cI", "%B"].join(FIELD) + RECORD;
  const out = await gitIn(dir, ["log", "--reverse", `--format=${format}`, `${base}..${head}`]);
  return out
    .split("\x1e")
    .map((record) => record.replace(/^\n/, ""))
    .filter((record) => record.length > 0)
    .map((record) => {
      const [sha = "", parents = "", tree = "", an = "", ae = "", ad = "", cn = "", ce = "", cd = "", message = ""] =
        record.split("\0");
      return {
        sha,
        parents: parents.split(" ").filter(Boolean),
        tree,
        author: { name: an, email: ae, date: ad },
        committer: { name: cn, email: ce, date: cd },
        message: message.replace(/\n+$/, ""),
      };
    });
}

/** The three-dot diff GitHub shows on a pull request (from the merge base), one entry per file. */
export async function filesBetween(dir: string, base: string, head: string): Promise<FileChange[]> {
  const range = `${base}...${head}`;
  const numstat = await gitIn(dir, ["diff", "--no-renames", "--numstat", range]);
  const patches = splitPatches(await gitIn(dir, ["diff", "--no-renames", "--no-color", range]));
  const changes: FileChange[] = [];
  for (const line of numstat.split("\n")) {
    const [added, deleted, filename] = line.split("\t");
    if (!filename) continue;
    const patch = patches.get(filename) ?? { text: "", status: "modified" as const };
    const blob = patch.status === "removed" ? null : (await gitIn(dir, ["rev-parse", `${head}:${filename}`])).trim();
    changes.push({
      filename,
      status: patch.status,
      additions: Number(added) || 0,
      deletions: Number(deleted) || 0,
      sha: blob,
      patch: patch.text,
    });
  }
  return changes;
}

function splitPatches(diff: string): Map<string, { text: string; status: FileChange["status"] }> {
  const files = new Map<string, { text: string; status: FileChange["status"] }>();
  for (const chunk of diff.split(/^diff --git /m).slice(1)) {
    const name = /^\+\+\+ b\/(.+)$/m.exec(chunk)?.[1] ?? /^--- a\/(.+)$/m.exec(chunk)?.[1];
    if (!name) continue;
    const status = /^new file mode/m.test(chunk) ? "added" : /^deleted file mode/m.test(chunk) ? "removed" : "modified";
    const start = chunk.indexOf("\n@@");
    files.set(name, { text: start < 0 ? "" : chunk.slice(start + 1).replace(/\n$/, ""), status });
  }
  return files;
}

/**
 * The `diff_hunk` of a review comment: the hunk's header and its lines down to the commented line of the
 * new file. Undefined when that line is not part of the diff (GitHub refuses such a comment).
 */
export function hunkFor(patch: string, line: number): string | undefined {
  const lines = patch.split("\n");
  let hunk: string[] = [];
  let next = 0;
  for (const text of lines) {
    const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (header) {
      hunk = [text];
      next = Number(header[1]);
      continue;
    }
    if (hunk.length === 0) continue;
    hunk.push(text);
    if (text.startsWith("-") || text.startsWith("\\")) continue;
    if (next === line) return hunk.join("\n");
    next += 1;
  }
  return undefined;
}

/** The commit a branch name or sha stands for in the bare repository. */
export async function resolveCommit(dir: string, ref: string): Promise<string | undefined> {
  try {
    return (await gitIn(dir, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])).trim() || undefined;
  } catch {
    return undefined;
  }
}
