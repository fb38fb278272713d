import type { Model, Usage } from "../../model/port.ts";
import type { UsageTotals } from "../types.ts";

/** Adds up token usage over every model call of one run. */
export class UsageMeter {
  inputTokens = 0;
  outputTokens = 0;

  add(usage: Usage): void {
    this.inputTokens += usage.inputTokens;
    this.outputTokens += usage.outputTokens;
  }

  totals(model: Model): UsageTotals {
    const usage = { inputTokens: this.inputTokens, outputTokens: this.outputTokens };
    return { ...usage, costUsd: model.costUsd(usage) };
  }
}
