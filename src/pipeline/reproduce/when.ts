import type { IssueAnalysis } from "../../model/schemas/index.ts";
import type { RunPlan } from "../plan/plan.ts";
import type { Preflight } from "../preflight/preflight.ts";

/** A reproduction test is asked for a bug whose tests run at the base, unless `.booty.yml` says `off`. */
export function wantsReproduction(analysis: IssueAnalysis, plan: RunPlan, preflight: Preflight): boolean {
  if (analysis.kind !== "bug" || plan.repoConfig?.reproduction === "off") return false;
  return (preflight.state === "passes" || preflight.state === "failures") && preflight.prepared.baseline !== null;
}
