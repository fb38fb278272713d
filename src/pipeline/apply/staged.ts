import { RUNGS, type Rung } from "./match/types.ts";
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

/** How many edits and hunks each rung placed, for the log and the run report; rungs that placed none are left out. */
export function rungCounts(staged: readonly StagedChange[]): Partial<Record<Rung, number>> {
  const counts: Partial<Record<Rung, number>> = {};
  for (const rung of RUNGS) {
    const n = staged.reduce((sum, change) => sum + (change.rungs ?? []).filter((r) => r === rung).length, 0);
    if (n > 0) counts[rung] = n;
  }
  return counts;
}
