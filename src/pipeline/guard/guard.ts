import { PolicyError } from "../../errors/index.ts";
import type { IssueAnalysis } from "../../model/schemas/index.ts";
import type { PathPolicy } from "../../security/path-policy.ts";

/** Every path the analysis names, once, in the order modify → create → delete. */
export function namedPaths(analysis: IssueAnalysis): string[] {
  return [...new Set([...analysis.filesToModify, ...analysis.filesToCreate, ...analysis.filesToDelete])];
}

/**
 * The limits that must hold before any generation call: the file count, then the path policy on every
 * path the analysis names. Returns the normalised paths.
 */
export function checkAnalysis(analysis: IssueAnalysis, policy: PathPolicy, maxFiles: number): string[] {
  const paths = namedPaths(analysis);
  if (paths.length > maxFiles) {
    throw new PolicyError(`the analysis names ${paths.length} files; the limit is ${maxFiles} (BOOTY_MAX_FILES)`, {
      where: "analyze",
    });
  }
  return paths.map((path) => policy.check(path));
}
