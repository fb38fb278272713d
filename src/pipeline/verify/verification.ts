import type { VerificationReport, VerificationRound } from "../types.ts";
import type { RoundVerdict } from "./verdict.ts";

/** What the verify stage concluded, for the report, the PR body and the terminal. */
export interface Verification extends VerificationReport {
  verified: boolean;
  /** Failure summary of the last round, for the draft PR body; absent when verified. */
  failureSummary?: string;
}

export function verificationOf(o: {
  verified: boolean;
  command: string | null;
  sandboxed: boolean;
  rounds: VerificationRound[];
  notes: string[];
  verdict?: RoundVerdict | undefined;
  reproduction?: { path: string; atBase: string; passes: boolean } | undefined;
  failureSummary?: string | undefined;
}): Verification {
  const unrelatedFailing = o.verdict?.unrelated.filter((u) => !u.fixed).length ?? 0;
  const notes = [...o.notes];
  if (o.verified && unrelatedFailing > 0)
    notes.push(
      `${unrelatedFailing} test(s) also fail at the base commit, unrelated to the issue and the change; not counted`,
    );
  const note = notes.join("; ");
  const v = o.verdict;
  return {
    verified: o.verified,
    command: o.command,
    sandboxed: o.sandboxed,
    rounds: o.rounds,
    ...(note ? { note } : {}),
    ...(!o.verified && o.failureSummary ? { failureSummary: o.failureSummary } : {}),
    ...(o.reproduction ? { reproduction: o.reproduction } : {}),
    ...(v
      ? {
          targets: v.targets.map((t) => ({ id: t.id, before: t.before, after: t.after ? t.after.message : null })),
          regressions: v.regressions.map((f) => f.id),
          unrelated: v.unrelated,
        }
      : {}),
  };
}
