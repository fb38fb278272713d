import { EditError } from "../../errors/index.ts";
import { type CodeGenerationPlan, type FileChange, MAX_WHOLE_FILE_LINES } from "../../model/schemas/index.ts";
import type { PathPolicy } from "../../security/path-policy.ts";
import { applyHunks } from "./diff/apply.ts";
import { parseDiff } from "./diff/parse.ts";
import { expandPlan } from "./diff/plan.ts";
import { applyEditsWithRungs } from "./edits.ts";
import type { Rung } from "./match/types.ts";
import { readText } from "./read.ts";
import { layoutConflicts, toStaged } from "./staged.ts";

export interface StagedChange {
  path: string;
  operation: "create" | "modify" | "delete";
  /** Content before the change; null when the file does not exist yet. */
  before: string | null;
  /** Content after the change; null when the file is deleted. */
  after: string | null;
  /** The ladder rung that placed each edit or hunk of this file, in order. */
  rungs?: Rung[];
}

interface Files {
  root: string;
  policy: PathPolicy;
  original: Map<string, string | null>;
  current: Map<string, string | null>;
  rungs: Map<string, Rung[]>;
}

/**
 * Computes every file's new content in memory and writes nothing. Every path passes the policy before
 * any file is read. All edit problems are reported together, so the model can fix them in one round.
 * Several changes to one path apply in order.
 */
export async function stagePlan(root: string, input: CodeGenerationPlan, policy: PathPolicy): Promise<StagedChange[]> {
  const plan = expandPlan(input);
  const paths = plan.changes.map((change) => policy.check(change.path));
  const files: Files = { root, policy, original: new Map(), current: new Map(), rungs: new Map() };
  const problems: string[] = [];
  // The first problem as a person should read it; the model gets them all, with what to send instead.
  let summary: string | undefined;
  for (const [index, change] of plan.changes.entries()) {
    try {
      await stageChange(files, paths[index] ?? change.path, change);
    } catch (error) {
      if (!(error instanceof EditError)) throw error;
      problems.push(error.message);
      summary ??= error.summary;
    }
  }
  const staged = [...files.original].flatMap(([path, before]) =>
    toStaged(path, before, files.current.get(path) ?? null, files.rungs.get(path) ?? []),
  );
  problems.push(...layoutConflicts(staged));
  const first = summary ?? problems[0]?.split("\n")[0] ?? "";
  if (problems.length === 1) throw new EditError(problems[0] ?? "", { where: paths[0], summary: first });
  if (problems.length > 1) {
    const list = problems.map((problem, index) => `${index + 1}. ${problem}`).join("\n");
    throw new EditError(`${problems.length} changes cannot be applied:\n${list}`, {
      where: "plan",
      summary: `${problems.length} changes could not be applied; the first: ${first}`,
    });
  }
  return staged;
}

async function load(files: Files, path: string): Promise<string | null> {
  if (!files.original.has(path)) {
    const text = await readText(files.root, path);
    files.original.set(path, text);
    files.current.set(path, text);
  }
  return files.current.get(path) ?? null;
}

async function stageChange(files: Files, path: string, change: FileChange): Promise<void> {
  const given = [
    (change.edits ?? []).length > 0 && "edits",
    change.diff !== undefined && "diff",
    change.content !== undefined && "content",
  ].filter(Boolean);
  if (given.length > 1) {
    throw new EditError(`the change to ${path} gives ${given.join(" and ")}; give exactly one of them per change`, {
      where: path,
    });
  }
  const patch = change.diff === undefined ? undefined : onePatch(path, change.diff);
  // A rename reads the old path (checked like any other) and leaves it deleted.
  const from =
    patch?.oldPath && patch.newPath && patch.oldPath !== patch.newPath ? files.policy.check(patch.oldPath) : undefined;
  const now = await load(files, path);
  const rungs: Rung[] = [];
  let next: string | null;
  if (from !== undefined && patch !== undefined) {
    const source = await load(files, from);
    if (source === null)
      throw new EditError(`cannot rename ${from} to ${path}: ${from} does not exist`, { where: from });
    if (now !== null) throw new EditError(`cannot rename ${from} to ${path}: ${path} already exists`, { where: path });
    next = withRungs(applyHunks(path, source, patch), rungs);
    files.current.set(from, null);
  } else {
    next = nextContent(path, change, now, rungs, patch);
  }
  files.current.set(path, next);
  files.rungs.set(path, [...(files.rungs.get(path) ?? []), ...rungs]);
}

function onePatch(path: string, diff: string) {
  const patches = parseDiff(diff, `diff for ${path}`);
  if (patches.length !== 1 || patches[0] === undefined) {
    throw new EditError(
      `the diff for ${path} touches ${patches.length} files; put a multi-file diff in the plan's diff`,
      { where: path },
    );
  }
  if (patches[0].binary) {
    throw new EditError(`diff for ${path}: binary diff sections are not supported; booty changes text files only`, {
      where: path,
    });
  }
  return patches[0];
}

function nextContent(
  path: string,
  change: FileChange,
  now: string | null,
  rungs: Rung[],
  patch: ReturnType<typeof onePatch> | undefined,
): string | null {
  switch (change.operation) {
    case "create":
      if (now !== null && patch?.oldPath === null)
        throw new EditError(`cannot create ${path}: it already exists; use modify`, {
          where: path,
          summary: `the model asked to create ${path}, which already exists`,
        });
      if (now !== null && patch === undefined)
        throw new EditError(`cannot create ${path}: it already exists; use modify`, {
          where: path,
          summary: `the model asked to create ${path}, which already exists`,
        });
      if (patch !== undefined) return withRungs(applyHunks(path, now ?? "", patch), rungs);
      return change.content ?? "";
    case "modify":
      if (now === null) {
        throw new EditError(`cannot modify ${path}: no such file; use create`, {
          where: path,
          summary: `the model asked to change ${path}, which does not exist`,
        });
      }
      if (change.edits !== undefined && change.edits.length > 0)
        return withRungs(applyEditsWithRungs(path, now, change.edits), rungs);
      if (patch !== undefined) return withRungs(applyHunks(path, now, patch), rungs);
      if (change.content !== undefined) return wholeFile(path, now, change.content);
      throw new EditError(`modify of ${path} has neither edits nor content`, { where: path });
    case "delete":
      if (now === null) throw new EditError(`cannot delete ${path}: no such file`, { where: path });
      return null;
  }
}

function withRungs(applied: { text: string; rungs: Rung[] }, rungs: Rung[]): string {
  rungs.push(...applied.rungs);
  return applied.text;
}

function wholeFile(path: string, now: string, content: string): string {
  const lines = now.split("\n").length;
  if (lines > MAX_WHOLE_FILE_LINES) {
    throw new EditError(
      `${path} has ${lines} lines; a whole-file rewrite is accepted for files up to ${MAX_WHOLE_FILE_LINES} lines: send search/replace edits for it instead`,
      { where: path },
    );
  }
  return content;
}
