/**
 * Decides whether a path chosen by the model (or found in issue text) may be written inside a workspace.
 * Every rule errs towards refusing: a refused edit costs one model round, a wrong write can run code on
 * booty's next git command or leak a secret into a pull request.
 */
import { constants, lstatSync } from "node:fs";
import { lstat, mkdir, open } from "node:fs/promises";
import { join, posix } from "node:path";
import ignore, { type Ignore } from "ignore";
import { PolicyError } from "../errors/index.ts";

export interface PathPolicyOptions {
  /** The workspace root; paths are resolved against it. */
  root: string;
  /** Operator-configured patterns (gitignore syntax) booty may never change. */
  restricted: readonly string[];
  /** More patterns, from the pipeline itself (gitignore syntax). */
  protected?: readonly string[];
  /** The repository's own `.booty.yml` lists: they may only add to the ones above, never lift them. */
  repository?: { restricted: readonly string[]; protected: readonly string[] };
}

export interface PathPolicy {
  readonly root: string;
  /** The normalised relative path (`a/b.ts`), or a PolicyError naming the path and the rule. */
  check(path: string): string;
}

const MAX_PATH = 4096;
const MAX_COMPONENT = 255;
/** Names git itself treats as its own: `.git` (directory, or a worktree's file) and `.gitmodules`. */
const GIT_NAMES = new Set([".git", ".gitmodules", "git~1"]);
// Characters HFS+ ignores in names and NTFS trailing dots/spaces, so `.git\u200c` or `.git.` is `.git` there.
const IGNORABLE = /[\u200b-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;

export function createPathPolicy(opts: PathPolicyOptions): PathPolicy {
  // One matcher per source, each evaluated on its own: a `!` in a later list cannot negate an earlier one.
  const sources: [readonly string[], string][] = [
    [opts.restricted, "restricted"],
    [opts.protected ?? [], "protected"],
    [assertAdditive(opts.repository?.restricted ?? []), "restricted"],
    [assertAdditive(opts.repository?.protected ?? []), "protected"],
  ];
  const matchers: Ignore[] = sources.map(([patterns, mark]) =>
    ignore({ ignorecase: true }).add(patterns.map((pattern) => ({ pattern, mark }))),
  );
  return {
    root: opts.root,
    check(path: string): string {
      const rel = normalise(path);
      for (const rules of matchers) {
        const hit = rules.test(rel);
        if (hit.ignored) refuse(path, `matches ${hit.rule?.mark ?? "restricted"} pattern '${hit.rule?.pattern}'`);
      }
      assertNoSymlink(opts.root, rel, path);
      return rel;
    },
  };
}

/** True for a gitignore negation (`!pattern`), which would lift a restriction rather than add one. */
function isNegation(pattern: string): boolean {
  return pattern.trimStart().startsWith("!");
}

function assertAdditive(patterns: readonly string[]): readonly string[] {
  const negation = patterns.find(isNegation);
  if (negation !== undefined)
    throw new PolicyError(`pattern ${JSON.stringify(negation)} refused: repository lists may only add restrictions`, {
      where: ".booty.yml",
    });
  return patterns;
}

function normalise(path: string): string {
  if (typeof path !== "string" || path.length === 0) refuse(String(path), "empty path");
  if (path.length > MAX_PATH) refuse(path, `longer than ${MAX_PATH} characters`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused here
  if (/[\u0000-\u001f\u007f]/.test(path)) refuse(path, "contains NUL or control characters");
  if (path.includes("\\")) refuse(path, "contains a backslash; use '/'");
  if (path.startsWith("/")) refuse(path, "absolute path");
  if (path.startsWith("~")) refuse(path, "starts with '~'");
  if (/^[A-Za-z]:/.test(path)) refuse(path, "drive letter");
  const rel = posix.normalize(path).replace(/\/+$/, "");
  if (rel === "." || rel === "") refuse(path, "names the workspace root");
  if (rel === ".." || rel.startsWith("../")) refuse(path, "escapes the workspace with '..'");
  for (const part of rel.split("/")) {
    if (part.length > MAX_COMPONENT) refuse(path, `component longer than ${MAX_COMPONENT} characters`);
    const plain = part
      .replace(IGNORABLE, "")
      .replace(/[. ]+$/, "")
      .toLowerCase();
    if (GIT_NAMES.has(plain) || GIT_NAMES.has(part.toLowerCase())) refuse(path, `'${part}' is git's own`);
  }
  return rel;
}

/** lstat every existing component from the root: any symlink, even a dangling one, is refused. */
function assertNoSymlink(root: string, rel: string, shown: string): void {
  const parts = rel.split("/");
  let current = root;
  for (const [index, part] of parts.entries()) {
    current = join(current, part);
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    const prefix = parts.slice(0, index + 1).join("/");
    if (stat.isSymbolicLink()) refuse(shown, `'${prefix}' is a symlink`);
    const last = index === parts.length - 1;
    if (!last && !stat.isDirectory()) refuse(shown, `'${prefix}' is not a directory`);
    if (last && stat.isDirectory()) refuse(shown, "is a directory");
    if (last && !stat.isFile()) refuse(shown, "not a regular file");
  }
}

function refuse(path: string, rule: string): never {
  const shown = JSON.stringify(path.slice(0, 200));
  throw new PolicyError(`path refused: ${shown}: ${rule}`, { where: shown });
}

/**
 * Writes a path that already passed `check`, without ever following a symlink: parents are created one
 * at a time and lstat'ed, the file itself is opened with O_NOFOLLOW.
 */
export async function writeFileNoFollow(
  root: string,
  rel: string,
  content: string | Uint8Array,
  mode = 0o644,
): Promise<void> {
  assertNormalised(rel);
  await makeParents(root, rel);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;
  const handle = await open(join(root, rel), flags, mode).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ELOOP") refuse(rel, "is a symlink");
    throw error;
  });
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
}

/** Guards the low-level helpers against being handed an unchecked path. */
function assertNormalised(rel: string): void {
  if (rel === "" || rel.startsWith("/") || posix.normalize(rel) !== rel || rel.split("/").includes("..")) {
    refuse(rel, "not a normalised relative path");
  }
}

/** Creates the parent directories of `rel` under `root`, refusing anything that is not a real directory. */
export async function makeParents(root: string, rel: string): Promise<void> {
  assertNormalised(rel);
  const parts = rel.split("/").slice(0, -1);
  let current = root;
  for (const part of parts) {
    current = join(current, part);
    await mkdir(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
    const stat = await lstat(current);
    if (!stat.isDirectory()) refuse(rel, `'${part}' is not a directory`);
  }
}
