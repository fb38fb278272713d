import type { Model } from "../../model/port.ts";
import { analyzePrompt } from "../../model/prompts/index.ts";
import { IssueAnalysis } from "../../model/schemas/index.ts";
import type { IssueInput } from "../types.ts";

export interface AnalyzeInput {
  model: Model;
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
  return result.value;
}
