import { EditError } from "../../../errors/index.ts";

export interface HunkLine {
  kind: " " | "-" | "+";
  text: string;
}

export interface Hunk {
  /** 1-based, from the header; only hints: the context lines decide where a hunk goes. */
  oldStart: number;
  newStart: number;
  lines: HunkLine[];
  /** `\ No newline at end of file` after the old side's or the new side's last line. */
  oldNoEol: boolean;
  newNoEol: boolean;
}

export interface FilePatch {
  /** null for a new file (`/dev/null`). */
  oldPath: string | null;
  /** null for a deleted file. */
  newPath: string | null;
  hunks: Hunk[];
  binary: boolean;
  /** This file's part of the diff, as written. */
  text: string;
}

/** Far beyond any real change; a bigger "diff" is a mistake or an attack on memory. */
export const MAX_DIFF_BYTES = 10 * 1024 * 1024;
const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Reads a unified diff of one or more files (git's, `diff -u`'s, or a model's). Hunk line counts are
 * not trusted, because models get them wrong: a hunk runs as long as its lines look like hunk lines.
 */
export function parseDiff(diff: string, where: string): FilePatch[] {
  if (Buffer.byteLength(diff) > MAX_DIFF_BYTES) {
    const mb = (Buffer.byteLength(diff) / 1024 / 1024).toFixed(1);
    throw new EditError(
      `${where}: the diff is ${mb} MB; booty applies diffs up to ${MAX_DIFF_BYTES / 1024 / 1024} MB`,
      {
        where,
      },
    );
  }
  const lines = diff.replace(/\r\n/g, "\n").split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const patches: FilePatch[] = [];
  let current: (FilePatch & { from: number }) | undefined;
  let hunk: Hunk | undefined;
  const finish = (end: number) => {
    if (current) patches.push({ ...withoutFrom(current), text: `${lines.slice(current.from, end).join("\n")}\n` });
    current = undefined;
    hunk = undefined;
  };
  const start = (at: number, oldPath: string | null, newPath: string | null) => {
    finish(at);
    current = { oldPath, newPath, hunks: [], binary: false, text: "", from: at };
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const fileHeader = line.startsWith("--- ") && (lines[i + 1] ?? "").startsWith("+++ ");
    if (hunk && !fileHeader && !line.startsWith("diff --git ") && inHunk(line, hunk)) continue;
    hunk = undefined;
    if (line.startsWith("diff --git ")) {
      const [a, b] = gitPaths(line.slice("diff --git ".length));
      start(i, a, b);
    } else if (fileHeader) {
      const oldPath = headerPath(line.slice(4));
      const newPath = headerPath((lines[i + 1] ?? "").slice(4));
      if (current === undefined || current.hunks.length > 0) start(i, oldPath, newPath);
      else Object.assign(current, { oldPath, newPath });
      i++;
    } else if (line.startsWith("@@")) {
      hunk = hunkHeader(line, i + 1, where);
      if (current === undefined)
        throw new EditError(`${where}: hunk at line ${i + 1} comes before any file header (--- a/PATH, +++ b/PATH)`, {
          where,
        });
      current.hunks.push(hunk);
    } else if (current && /^(Binary files .* differ|GIT binary patch)/.test(line)) {
      current.binary = true;
    } else if (current && current.hunks.length === 0) {
      gitMetadata(current, line);
    }
  }
  finish(lines.length);
  if (patches.length === 0)
    throw new EditError(`${where}: no file in the diff (expected --- a/PATH and +++ b/PATH lines)`, { where });
  return patches;
}

function withoutFrom(patch: FilePatch & { from: number }): FilePatch {
  const { from: _from, ...rest } = patch;
  return rest;
}

/** Adds the line to the hunk when it is one of its lines; false ends the hunk. */
function inHunk(line: string, hunk: Hunk): boolean {
  if (line.startsWith("\\")) {
    const last = hunk.lines[hunk.lines.length - 1];
    if (last?.kind !== "+") hunk.oldNoEol = true;
    if (last?.kind !== "-") hunk.newNoEol = true;
    return true;
  }
  // A blank line inside a hunk is a context line whose leading space was lost (editors and models drop it).
  const kind = line === "" ? " " : line[0];
  if (kind !== " " && kind !== "-" && kind !== "+") return false;
  hunk.lines.push({ kind, text: line.slice(1) });
  return true;
}

function hunkHeader(line: string, number: number, where: string): Hunk {
  const match = HUNK.exec(line);
  if (match === null) {
    throw new EditError(
      `${where}: corrupt hunk header at line ${number}: ${JSON.stringify(line.slice(0, 80))}; expected @@ -OLD,COUNT +NEW,COUNT @@`,
      {
        where,
      },
    );
  }
  return { oldStart: Number(match[1]), newStart: Number(match[3]), lines: [], oldNoEol: false, newNoEol: false };
}

/** `a/x b/y` from a `diff --git` line; quoted names are unquoted. */
function gitPaths(rest: string): [string | null, string | null] {
  const quoted = /^"((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"$/.exec(rest);
  if (quoted) return [stripPrefix(unquote(quoted[1] ?? "")), stripPrefix(unquote(quoted[2] ?? ""))];
  const half = rest.indexOf(" b/");
  if (half === -1) return [null, null];
  return [stripPrefix(rest.slice(0, half)), stripPrefix(rest.slice(half + 1))];
}

function headerPath(raw: string): string | null {
  const name = raw.split("\t")[0]?.trim() ?? "";
  const path = name.startsWith('"') ? unquote(name.slice(1, -1)) : name;
  return path === "/dev/null" ? null : stripPrefix(path);
}

function stripPrefix(path: string): string {
  return /^[ab]\//.test(path) ? path.slice(2) : path;
}

function unquote(text: string): string {
  return text.replace(/\\(.)/g, (_, c: string) => ({ n: "\n", t: "\t" })[c] ?? c);
}

function gitMetadata(patch: FilePatch, line: string): void {
  if (line.startsWith("new file mode")) patch.oldPath = null;
  else if (line.startsWith("deleted file mode")) patch.newPath = null;
  else if (line.startsWith("rename from ")) patch.oldPath = line.slice("rename from ".length);
  else if (line.startsWith("rename to ")) patch.newPath = line.slice("rename to ".length);
}
