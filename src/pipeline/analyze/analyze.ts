import { PolicyError } from "../../errors/index.ts";
import type { Model } from "../../model/port.ts";
import { analyzePrompt } from "../../model/prompts/index.ts";
import { IssueAnalysis } from "../../model/schemas/index.ts";
import type { PathPolicy } from "../../security/path-policy.ts";
import type { UsageMeter } from "../steps/usage.ts";
import type { IssueInput } from "../types.ts";

export interface AnalyzeInput {
  model: Model;
  usage: UsageMeter;
  issue: IssueInput;
  /** A compact repository map (or file list) that fits the budget. */
  repoOverview: string;
  candidateFiles: { path: string; content: string }[];
}

export async function analyzeIssue(input: AnalyzeInput): Promise<IssueAnalysis> {
  const prompt = analyzePrompt({
    issue: input.issue,
    repoOverview: input.repoOverview,
    candidateFiles: input.candidateFiles,
  });
  const result = await input.model.generate({
    step: "analyze",
    schema: IssueAnalysis,
    schemaName: "IssueAnalysis",
    ...prompt,
  });
  input.usage.add(result.usage);
  return result.value;
}

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
