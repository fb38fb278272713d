import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { BudgetError } from "../../errors/index.ts";

export interface SelectedFiles {
  files: { path: string; content: string }[];
  leftOut: string[];
  /** Tokens counted for the fixed text plus the files taken. */
  used: number;
}

export interface SelectOptions {
  root: string;
  /** In order of importance; paths that do not exist yet (files to create) are skipped. */
  paths: string[];
  /** The prompt without files: system text, issue, analysis. Must fit on its own. */
  fixedText: string;
  budget: number;
  countTokens: (text: string) => Promise<number>;
}

/** Takes files in order while they fit the token budget, and says which were left out. */
export async function selectFiles(options: SelectOptions): Promise<SelectedFiles> {
  const fixed = await options.countTokens(options.fixedText);
  if (fixed > options.budget) {
    throw new BudgetError(
      `the issue and prompt alone need ${fixed} tokens, more than the budget of ${options.budget} (BOOTY_MAX_CONTEXT_TOKENS minus output)`,
      { where: "context" },
    );
  }
  let used = fixed;
  const files: SelectedFiles["files"] = [];
  const leftOut: string[] = [];
  for (const path of options.paths) {
    const content = await readIfPresent(join(options.root, path));
    if (content === null) continue;
    const tokens = await options.countTokens(`[start of ${path}]\n${content}\n[end of ${path}]`);
    if (used + tokens > options.budget) {
      leftOut.push(path);
      continue;
    }
    used += tokens;
    files.push({ path, content });
  }
  return { files, leftOut, used };
}

async function readIfPresent(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "EISDIR") {
      return null;
    }
    throw error;
  }
}
