import { BudgetError } from "../../errors/index.ts";
import type { Logger } from "../../log/logger.ts";
import type { Model } from "../../model/port.ts";
import { estimateTokens } from "../../model/tokens.ts";
import { type SelectedFiles, selectFiles } from "./select-files.ts";

export interface BudgetInput {
  model: Model;
  logger: Logger;
  root: string;
  paths: string[];
  budget: number;
  /** Renders the whole prompt for a set of files, so the final text can be counted as the model will. */
  render: (files: SelectedFiles["files"]) => string;
}

/**
 * Chooses files within the budget by the fast local count (with a margin), then checks the whole prompt
 * with the model's own counter (the provider's endpoint when it has one) and drops the least important
 * files until it fits.
 */
export async function fitToBudget(input: BudgetInput): Promise<SelectedFiles> {
  const selected = await selectFiles({
    root: input.root,
    paths: input.paths,
    fixedText: input.render([]),
    budget: input.budget,
    countTokens: async (text) => estimateTokens(text),
  });
  let files = selected.files;
  const leftOut = [...selected.leftOut];
  for (let round = 0; round < 4; round++) {
    const used = await input.model.countTokens(input.render(files));
    if (used <= input.budget) return { files, leftOut, used };
    if (files.length === 0) {
      throw new BudgetError(`the issue and prompt alone need ${used} tokens, more than the budget of ${input.budget}`, {
        where: "context",
      });
    }
    const dropped = files[files.length - 1];
    input.logger.info(
      { used, budget: input.budget, dropped: dropped?.path },
      "prompt over budget by the model's count",
    );
    files = files.slice(0, -1);
    if (dropped) leftOut.unshift(dropped.path);
  }
  return { files, leftOut, used: await input.model.countTokens(input.render(files)) };
}
