/** The appliers compared: booty's, and the baselines a user would otherwise reach for. */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { EditError } from "../../src/errors/index.ts";
import { applyHunks } from "../../src/pipeline/apply/diff/apply.ts";
import { parseDiff } from "../../src/pipeline/apply/diff/parse.ts";
import { applyEditsWithRungs } from "../../src/pipeline/apply/edits.ts";
import type { FileEdit } from "./derive.ts";

const run = promisify(execFile);

/** Files by path; null is a file that does not exist. */
export type Tree = Record<string, string | null>;

/** What an applier produced: the files it touched, or why it refused. */
export type Outcome = { ok: true; files: Tree; rungs: string[] } | { ok: false; error: string };

export function bootyEdits(base: Tree, files: Record<string, FileEdit>): Outcome {
  return editsWith(base, files, (path, text, edits) => applyEditsWithRungs(path, text, edits));
}

/** The baseline for search/replace: each search must occur exactly once, byte for byte. */
export function exactOnlyEdits(base: Tree, files: Record<string, FileEdit>): Outcome {
  return editsWith(base, files, (path, text, edits) => {
    let out = text;
    for (const edit of edits) {
      const at = out.indexOf(edit.search);
      if (edit.search === "" || at === -1 || out.indexOf(edit.search, at + 1) !== -1) {
        throw new EditError(`${path}: the search text does not occur exactly once`);
      }
      out = out.slice(0, at) + edit.replace + out.slice(at + edit.search.length);
    }
    return { text: out, rungs: edits.map(() => "exact") };
  });
}

type EditApplier = (
  path: string,
  text: string,
  edits: { search: string; replace: string }[],
) => { text: string; rungs: string[] };

function editsWith(base: Tree, files: Record<string, FileEdit>, apply: EditApplier): Outcome {
  const out: Tree = {};
  const rungs: string[] = [];
  try {
    for (const [path, change] of Object.entries(files)) {
      if (change.kind === "delete") out[path] = null;
      else if (change.kind === "content") out[path] = change.content;
      else {
        const applied = apply(path, base[path] ?? "", change.edits);
        out[path] = applied.text;
        rungs.push(...applied.rungs);
      }
    }
  } catch (error) {
    return refusal(error);
  }
  return { ok: true, files: out, rungs };
}

/** booty's diff applier, in memory: the parser and the ladder, as `booty apply --diff` uses them. */
export function bootyDiff(base: Tree, diff: string): Outcome {
  const out: Tree = {};
  const rungs: string[] = [];
  try {
    for (const patch of parseDiff(diff, "diff")) {
      const path = patch.newPath ?? patch.oldPath ?? "";
      if (patch.newPath === null) {
        out[path] = null;
        continue;
      }
      const source = patch.oldPath === null ? "" : base[patch.oldPath];
      if (source === null || source === undefined) throw new EditError(`no such file: ${patch.oldPath}`);
      const applied = applyHunks(path, source, patch);
      if (patch.oldPath !== null && patch.oldPath !== path) out[patch.oldPath] = null;
      out[path] = applied.text;
      rungs.push(...applied.rungs);
    }
  } catch (error) {
    return refusal(error);
  }
  return { ok: true, files: out, rungs };
}

function refusal(error: unknown): Outcome {
  if (!(error instanceof EditError)) process.stderr.write(`bench:edits: unexpected ${String(error)}\n`);
  return { ok: false, error: String((error as Error).message ?? error).split("\n")[0] ?? "" };
}

/** `git apply` in a folder holding only the base files (git apply needs no repository). */
export function gitApply(base: Tree, diff: string, paths: readonly string[]): Promise<Outcome> {
  return inFolder(base, diff, paths, ["git", ["apply", "--whitespace=nowarn", "change.diff"]]);
}

/** GNU `patch --fuzz=3`, which also ignores up to three context lines at a hunk's edges. */
export function patchFuzz(base: Tree, diff: string, paths: readonly string[]): Promise<Outcome> {
  const args = ["-p1", "--fuzz=3", "--batch", "--forward", "--silent", "--reject-file=-", "--no-backup-if-mismatch"];
  return inFolder(base, diff, paths, ["patch", [...args, "-i", "change.diff"]]);
}

async function inFolder(
  base: Tree,
  diff: string,
  paths: readonly string[],
  [command, args]: [string, string[]],
): Promise<Outcome> {
  const dir = await mkdtemp(join(tmpdir(), "booty-bench-edits-"));
  try {
    for (const [path, text] of Object.entries(base)) {
      if (text === null) continue;
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    await writeFile(join(dir, "change.diff"), diff);
    try {
      await run(command, args, { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message);
      return { ok: false, error: stderr.split("\n")[0] ?? "" };
    }
    const files: Tree = {};
    for (const path of paths) files[path] = await readFile(join(dir, path), "utf8").catch(() => null);
    return { ok: true, files, rungs: [] };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whether `command` can be run here; a missing baseline is reported, not counted as refusals. */
export async function available(command: string): Promise<boolean> {
  return run(command, ["--version"]).then(
    () => true,
    () => false,
  );
}
