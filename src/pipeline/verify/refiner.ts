import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { feedbackMessage, refinePrompt } from "../../model/prompts/index.ts";
import { writeStaged } from "../apply/index.ts";
import { resolveFormat } from "../generate/format.ts";
import { askUntilApplicable, type GenerateInput } from "../generate/generate.ts";

export interface RefinerInput extends Omit<GenerateInput, "files"> {
  /** Files the change has touched so far; refine rounds add to it. */
  touched: Set<string>;
  /** Files larger than this are not shown to the model in a refine round. */
  maxFileBytes?: number;
}

/**
 * One refine round: show the model the failures and the current content of the touched and implicated
 * files, then stage, validate and write its new edits under the same rules as the first generation.
 */
export function createRefiner(input: RefinerInput): (failures: string, implicated: string[]) => Promise<void> {
  return async (failures, implicated) => {
    const files = await readFiles(input, [...input.touched, ...implicated]);
    const format = resolveFormat(input.editFormat, files);
    const generated = await askUntilApplicable({ ...input, editFormat: format }, "refine", (feedback) => {
      const prompt = refinePrompt({ issue: input.issue, analysis: input.analysis, failures, files, format });
      if (feedback === undefined) return prompt;
      return {
        system: prompt.system,
        messages: [...prompt.messages, { role: "user", content: feedbackMessage(feedback) }],
      };
    });
    await writeStaged(input.root, generated.staged, input.policy);
    for (const change of generated.staged) input.touched.add(change.path);
  };
}

async function readFiles(input: RefinerInput, paths: string[]): Promise<{ path: string; content: string }[]> {
  const files: { path: string; content: string }[] = [];
  for (const path of new Set(paths)) {
    let checked: string;
    try {
      checked = input.policy.check(path);
    } catch {
      continue; // a frame pointing outside what booty may touch is still context, not an edit target
    }
    const content = await readFile(join(input.root, checked), "utf8").catch(() => null);
    if (content !== null && Buffer.byteLength(content) <= (input.maxFileBytes ?? 200_000))
      files.push({ path: checked, content });
  }
  return files;
}
