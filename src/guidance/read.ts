/**
 * The repository's notes for coding agents (AGENTS.md, CLAUDE.md, .github/copilot-instructions.md), read
 * from a commit's tree and never from a working tree: a test run, a model's edit or a pull request's branch
 * can change files on disk, and what guides the model must be what the base branch holds.
 *
 * Exports: `readGuidance(options)`, `guidanceCandidates(paths)`, `Guidance`.
 */
import { posix } from "node:path";
import { sanitizeIssueText } from "../security/sanitize.ts";
import { runGit } from "../workspace/git.ts";

export interface Guidance {
  /** Most general first: the root files, then the ones nearest the files worked on. */
  files: { path: string; content: string }[];
  /** Files that exist but did not fit the budget. */
  leftOut: string[];
}

export interface ReadGuidanceOptions {
  /** A git worktree or repository holding `commit`. */
  cwd: string;
  /** The base commit: guidance is read from its tree. */
  commit: string;
  /** Files the task touches or may touch; the AGENTS.md and CLAUDE.md nearest each are read. */
  paths: readonly string[];
  /** Tokens for all the guidance together, counted by `count`. */
  budgetTokens: number;
  count: (text: string) => number;
}

const NAMES = ["AGENTS.md", "CLAUDE.md"] as const;
const ROOT_ONLY = ".github/copilot-instructions.md";
/** One file is cut past this many characters; a notes file longer than that is mostly noise. */
const MAX_FILE_CHARS = 12_000;

/** Every path that could hold guidance for `paths`, root files first, then each directory's, deepest last. */
export function guidanceCandidates(paths: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const path of paths.filter(inside)) {
    for (let dir = posix.dirname(path); dir !== "." && dir !== "/" && dir !== ""; dir = posix.dirname(dir)) {
      dirs.add(dir);
    }
  }
  const nested = [...dirs].sort().flatMap((dir) => NAMES.map((name) => `${dir}/${name}`));
  return [...NAMES, ROOT_ONLY, ...nested];
}

/** Paths are repository-relative; anything else names no directory of the repository. */
const inside = (path: string): boolean => !posix.isAbsolute(path) && !path.split("/").includes("..");

/** The guidance at `commit` for `paths`: the root files and, per name, only the one nearest each path. */
export async function readGuidance(o: ReadGuidanceOptions): Promise<Guidance> {
  const present = await blobsAt(o.cwd, o.commit, guidanceCandidates(o.paths));
  const chosen = new Set<string>([...NAMES, ROOT_ONLY].filter((p) => present.has(p)));
  for (const path of o.paths) {
    for (const name of NAMES) {
      const nearest = nearestWith(path, name, present);
      if (nearest) chosen.add(nearest);
    }
  }
  const files: Guidance["files"] = [];
  const leftOut: string[] = [];
  let used = 0;
  for (const path of chosen) {
    const oid = present.get(path) ?? "";
    const { stdout } = await runGit(["cat-file", "blob", oid], { cwd: o.cwd });
    const content = sanitizeIssueText(stdout, { maxChars: MAX_FILE_CHARS });
    if (content === "") continue;
    const tokens = o.count(content) + 20;
    if (used + tokens > o.budgetTokens) {
      leftOut.push(path);
      continue;
    }
    used += tokens;
    files.push({ path, content });
  }
  return { files, leftOut };
}

function nearestWith(path: string, name: string, present: Map<string, string>): string | null {
  for (let dir = posix.dirname(path); dir !== "." && dir !== "/" && dir !== ""; dir = posix.dirname(dir)) {
    if (present.has(`${dir}/${name}`)) return `${dir}/${name}`;
  }
  return null;
}

/** Which of `paths` are regular files at `commit` (a symlink could point anywhere), with their blob ids. */
async function blobsAt(cwd: string, commit: string, paths: string[]): Promise<Map<string, string>> {
  const { stdout } = await runGit(["ls-tree", "-z", "--full-tree", commit, "--", ...paths], { cwd });
  const found = new Map<string, string>();
  for (const entry of stdout.split("\0")) {
    const match = /^(100644|100755) blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
    if (match?.[2] && match[3]) found.set(match[3], match[2]);
  }
  return found;
}
