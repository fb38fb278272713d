import type { CodeGenerationPlan, IssueAnalysis } from "../../model/schemas/index.ts";
import { conventionalTitle } from "../commit/message.ts";
import type { RunPlan } from "../plan/plan.ts";
import type { IssueInput, RunReport, UsageTotals } from "../types.ts";
import type { Verification } from "../verify/index.ts";
import { pullRequestBody } from "./pull-request.ts";
import { verificationSummary } from "./verification-summary.ts";

/** The pull request the run proposes: a draft while unverified or when booty changes itself. */
export function proposePullRequest(opts: {
  analysis: IssueAnalysis;
  plan: CodeGenerationPlan;
  issue: IssueInput;
  runPlan: RunPlan;
  verification: Verification;
  scripted: boolean;
  /** What was committed (or, on a dry run, written). */
  files: readonly string[];
  repo?: string | undefined;
  usage?: UsageTotals | undefined;
}): NonNullable<RunReport["pullRequest"]> {
  const { verification, runPlan } = opts;
  return {
    title: conventionalTitle(opts.analysis),
    body: pullRequestBody({
      analysis: opts.analysis,
      plan: opts.plan,
      issue: opts.issue,
      files: opts.files,
      repo: opts.repo,
      scripted: opts.scripted,
      usage: opts.usage,
      verification: { verified: verification.verified, summary: verificationSummary(verification) },
    }),
    draft: !verification.verified || runPlan.self !== null,
    labels: runPlan.self ? [...runPlan.self.labels] : [],
  };
}
