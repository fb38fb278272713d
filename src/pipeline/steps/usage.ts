/**
 * The job's ledger of model calls: what each cost, the totals for the report, and the caps
 * (BOOTY_MAX_COST_USD, BOOTY_MAX_TOKENS, lowered by `.booty.yml`) each next call is admitted against.
 *
 * The caps are per job: a retried attempt starts from what the job's earlier attempts spent.
 *
 * Exports: `UsageMeter`, `Caps`, `Spent`.
 */
import { CostCapError } from "../../errors/index.ts";
import type { CallLedger } from "../../model/metered.ts";
import type { Model, ModelStep, Usage } from "../../model/port.ts";
import { formatUsd } from "../../text/usd.ts";
import type { ModelCall, UsageTotals } from "../types.ts";

export interface Caps {
  maxCostUsd?: number | undefined;
  maxTokens?: number | undefined;
}

/** What a job's earlier attempts spent, from their records; `costUsd` null when a price was unknown. */
export interface Spent {
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

const NOTHING: Spent = { inputTokens: 0, outputTokens: 0, costUsd: 0 };

export class UsageMeter implements CallLedger {
  readonly calls: ModelCall[] = [];
  private readonly caps: { maxCostUsd?: number; maxTokens?: number } = {};
  private readonly from: { cost?: string; tokens?: string } = {};
  private readonly earlier: Spent;

  constructor(caps: Caps = {}, from = "environment", earlier: Spent = NOTHING) {
    this.lower(caps, from);
    this.earlier = earlier;
  }

  /** Applies the lower of each cap and the one given: a repository may tighten the operator's caps, never loosen. */
  lower(caps: Caps, from: string): void {
    if (caps.maxCostUsd !== undefined && !(caps.maxCostUsd >= (this.caps.maxCostUsd ?? Infinity))) {
      this.caps.maxCostUsd = caps.maxCostUsd;
      this.from.cost = from;
    }
    if (caps.maxTokens !== undefined && !(caps.maxTokens >= (this.caps.maxTokens ?? Infinity))) {
      this.caps.maxTokens = caps.maxTokens;
      this.from.tokens = from;
    }
  }

  /** A cost cap with no token cap beside it, for a model without a price: nothing would hold the job. */
  unheld(model: Model): boolean {
    const priced = model.costUsd({ inputTokens: 1000, outputTokens: 1000 }) !== null;
    return this.caps.maxCostUsd !== undefined && this.caps.maxTokens === undefined && !priced;
  }

  capped(): boolean {
    return this.caps.maxCostUsd !== undefined || this.caps.maxTokens !== undefined;
  }

  admit(step: ModelStep, estimate: Usage, model: Model): void {
    const spentTokens = this.tokens() + this.earlier.inputTokens + this.earlier.outputTokens;
    const nextTokens = estimate.inputTokens + estimate.outputTokens;
    const { maxCostUsd, maxTokens } = this.caps;
    const spentCost = sum(this.cost(), this.earlier.costUsd);
    const spent = `${formatUsd(spentCost)} and ${spentTokens} tokens spent ${this.spentWhere()}`;
    // Without a price the cost cap cannot be checked; the token cap is what holds such models.
    const nextCost = model.costUsd(estimate);
    if (maxCostUsd !== undefined && nextCost !== null && spentCost !== null && spentCost + nextCost > maxCostUsd) {
      throw new CostCapError(
        `cost cap ${formatUsd(maxCostUsd)} (${this.from.cost}) reached before the ${step} call, which could cost up to ${formatUsd(nextCost)}: ${spent}`,
        { where: this.from.cost },
      );
    }
    if (maxTokens !== undefined && spentTokens + nextTokens > maxTokens) {
      throw new CostCapError(
        `token cap ${maxTokens} (${this.from.tokens}) reached before the ${step} call, which could use up to ${nextTokens} tokens: ${spent}`,
        { where: this.from.tokens },
      );
    }
  }

  record(step: ModelStep, usage: Usage, ms: number, model: Model): void {
    this.calls.push({
      step,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      cacheReadTokens: usage.cacheReadTokens ?? 0,
      cacheWriteTokens: usage.cacheWriteTokens ?? 0,
      ms,
      costUsd: model.costUsd(usage),
    });
  }

  totals(model: Model): UsageTotals {
    const sum = (pick: (c: ModelCall) => number) => this.calls.reduce((n, c) => n + pick(c), 0);
    const inputTokens = sum((c) => c.inputTokens);
    const outputTokens = sum((c) => c.outputTokens);
    const costUsd = this.calls.length === 0 ? model.costUsd({ inputTokens, outputTokens }) : this.cost();
    return {
      inputTokens,
      outputTokens,
      cacheReadTokens: sum((c) => c.cacheReadTokens),
      cacheWriteTokens: sum((c) => c.cacheWriteTokens),
      costUsd,
      calls: [...this.calls],
      ...(this.capped() ? { caps: { ...this.caps } } : {}),
    };
  }

  /** "in 2 calls", or with earlier attempts "in total: 1 call in this attempt, $0.5 and 900 tokens before". */
  private spentWhere(): string {
    const calls = `${this.calls.length} call${this.calls.length === 1 ? "" : "s"}`;
    const { inputTokens, outputTokens, costUsd } = this.earlier;
    if (inputTokens + outputTokens === 0) return `in ${calls}`;
    return `by this job in total (${calls} in this attempt; ${formatUsd(costUsd)} and ${inputTokens + outputTokens} tokens in earlier attempts)`;
  }

  private tokens(): number {
    return this.calls.reduce((n, c) => n + c.inputTokens + c.outputTokens, 0);
  }

  /** null as soon as one call's price is unknown. */
  private cost(): number | null {
    let total = 0;
    for (const call of this.calls) {
      if (call.costUsd === null) return null;
      total += call.costUsd;
    }
    return total;
  }
}

const sum = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a + b);
