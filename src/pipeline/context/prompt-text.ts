import { generatePrompt } from "../../model/prompts/index.ts";
import type { IssueAnalysis } from "../../model/schemas/index.ts";
import type { IssueInput } from "../types.ts";

/** The generate prompt as one text, so the context stage can count it as the model will. */
export function generatePromptText(
  issue: IssueInput,
  analysis: IssueAnalysis,
  files: { path: string; content: string }[],
): string {
  const prompt = generatePrompt({ issue, analysis, files });
  return [prompt.system, ...prompt.messages.map((m) => m.content)].join("\n\n");
}
