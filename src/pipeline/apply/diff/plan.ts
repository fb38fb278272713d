import { EditError } from "../../../errors/index.ts";
import type { CodeGenerationPlan, FileChange } from "../../../model/schemas/index.ts";
import { parseDiff } from "./parse.ts";

/**
 * The same plan with a plan-wide diff split into one change per file it touches, each carrying its part
 * of the diff, so every path goes through the same policy checks and staging as any other change.
 */
export function expandPlan(plan: CodeGenerationPlan): CodeGenerationPlan {
  if (plan.diff === undefined) return plan;
  const fromDiff = parseDiff(plan.diff, "the plan's diff").map((patch): FileChange => {
    const path = patch.newPath ?? patch.oldPath;
    if (path === null) throw new EditError("the plan's diff has a file section without file names", { where: "diff" });
    const operation = patch.newPath === null ? "delete" : patch.oldPath === null ? "create" : "modify";
    return { path, operation, diff: patch.text, explanation: "" };
  });
  const named = new Set(plan.changes.map((change) => change.path));
  const both = fromDiff.find((change) => named.has(change.path));
  if (both !== undefined) {
    throw new EditError(
      `the plan changes ${both.path} both in its changes and in its diff; give each file's change one way`,
      {
        where: both.path,
      },
    );
  }
  const { diff: _diff, ...rest } = plan;
  return { ...rest, changes: [...plan.changes, ...fromDiff] };
}
