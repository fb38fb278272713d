import { EditError } from "../../errors/index.ts";
import type { CodeGenerationPlan, FileChange } from "../../model/schemas/index.ts";
import type { PathPolicy } from "../../security/path-policy.ts";
import { applyEdits } from "./edits.ts";
import { readText } from "./read.ts";

export interface StagedChange {
  path: string;
  operation: "create" | "modify" | "delete";
  /** Content before the change; null when the file does not exist yet. */
  before: string | null;
  /** Content after the change; null when the file is deleted. */
  after: string | null;
}

/**
 * Computes every file's new content in memory and writes nothing. Every path passes the policy before
 * any file is read. All edit problems are reported together, so the model can fix them in one round.
 * Several changes to one path apply in order.
 */
export async function stagePlan(root: string, plan: CodeGenerationPlan, policy: PathPolicy): Promise<StagedChange[]> {
  const paths = plan.changes.map((change) => policy.check(change.path));
  const original = new Map<string, string | null>();
  const current = new Map<string, string | null>();
  const problems: string[] = [];
  for (const [index, change] of plan.changes.entries()) {
    const path = paths[index] ?? change.path;
    try {
      if (!original.has(path)) {
        const text = await readText(root, path);
        original.set(path, text);
        current.set(path, text);
      }
      current.set(path, nextContent(path, change, current.get(path) ?? null));
    } catch (error) {
      if (!(error instanceof EditError)) throw error;
      problems.push(error.message);
    }
  }
  const staged = [...original].flatMap(([path, before]) => toStaged(path, before, current.get(path) ?? null));
  problems.push(...layoutConflicts(staged));
  if (problems.length === 1) throw new EditError(problems[0] ?? "", { where: paths[0] });
  if (problems.length > 1) {
    const list = problems.map((problem, index) => `${index + 1}. ${problem}`).join("\n");
    throw new EditError(`${problems.length} changes cannot be applied:\n${list}`, { where: "plan" });
  }
  return staged;
}

function nextContent(path: string, change: FileChange, now: string | null): string | null {
  switch (change.operation) {
    case "create":
      if (now !== null) throw new EditError(`cannot create ${path}: it already exists; use modify`, { where: path });
      return change.content ?? "";
    case "modify":
      if (now === null) throw new EditError(`cannot modify ${path}: no such file; use create`, { where: path });
      if (change.edits !== undefined && change.edits.length > 0) return applyEdits(path, now, change.edits);
      if (change.content !== undefined) return change.content;
      throw new EditError(`modify of ${path} has neither edits nor content`, { where: path });
    case "delete":
      if (now === null) throw new EditError(`cannot delete ${path}: no such file`, { where: path });
      return null;
  }
}

function toStaged(path: string, before: string | null, after: string | null): StagedChange[] {
  if (before === after) return [];
  if (before === null) return [{ path, operation: "create", before, after }];
  if (after === null) return [{ path, operation: "delete", before, after }];
  return [{ path, operation: "modify", before, after }];
}

/** A path cannot be both a file and a folder of other new files. */
function layoutConflicts(staged: readonly StagedChange[]): string[] {
  const files = new Set(staged.filter((change) => change.after !== null).map((change) => change.path));
  return [...files].flatMap((path) => {
    const parts = path.split("/");
    const folders = parts.slice(1).map((_, index) => parts.slice(0, index + 1).join("/"));
    const clash = folders.find((folder) => files.has(folder));
    return clash === undefined ? [] : [`${clash} cannot be both a file and the folder of ${path}`];
  });
}
