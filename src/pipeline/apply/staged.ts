import type { Rung } from "./match/types.ts";
import type { StagedChange } from "./stage.ts";

export function toStaged(path: string, before: string | null, after: string | null, rungs: Rung[]): StagedChange[] {
  if (before === after) return [];
  if (before === null) return [{ path, operation: "create", before, after, rungs }];
  if (after === null) return [{ path, operation: "delete", before, after, rungs }];
  return [{ path, operation: "modify", before, after, rungs }];
}

/** A path cannot be both a file and a folder of other new files. */
export function layoutConflicts(staged: readonly StagedChange[]): string[] {
  const files = new Set(staged.filter((change) => change.after !== null).map((change) => change.path));
  return [...files].flatMap((path) => {
    const parts = path.split("/");
    const folders = parts.slice(1).map((_, index) => parts.slice(0, index + 1).join("/"));
    const clash = folders.find((folder) => files.has(folder));
    return clash === undefined ? [] : [`${clash} cannot be both a file and the folder of ${path}`];
  });
}

/** The rung that placed each edit or hunk, file by file, for the log and the run report. */
export function editRungs(staged: readonly StagedChange[]): { path: string; rungs: Rung[] }[] {
  return staged.flatMap((change) =>
    (change.rungs ?? []).length > 0 ? [{ path: change.path, rungs: change.rungs ?? [] }] : [],
  );
}
