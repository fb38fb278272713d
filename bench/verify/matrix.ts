/** booty's verdicts against the truth: the confusion matrix and the scenarios booty got wrong. */
import type { Outcome, Verdict } from "./run.ts";
import type { Scenario, Truth } from "./scenarios.ts";

const TRUTHS: Truth[] = ["fixed", "not-fixed", "cannot-run"];
const VERDICTS: Verdict[] = ["verified", "unverified", "stopped", "failed"];

export interface Tally {
  matrix: Record<Truth, Record<Verdict, number>>;
  /** Verified while not really fixed: must be none. */
  falseVerified: Outcome[];
  /** Really fixed, yet not verified. */
  falseUnverified: Outcome[];
  /** Other outcomes that are not what the scenario expects (a stop that should not be, an error). */
  unexpected: Outcome[];
  /** Model calls made by runs the preflight stopped: must be 0. */
  callsBeforeStop: number;
  stops: number;
}

/** What booty should say: verified iff fixed; a cannot-run stops, or goes on unverified when optional. */
export function expectedVerdict(s: Scenario): Verdict {
  if (s.truth === "fixed") return "verified";
  if (s.truth === "not-fixed") return "unverified";
  return s.optional ? "unverified" : "stopped";
}

export function tally(outcomes: readonly Outcome[]): Tally {
  const matrix = Object.fromEntries(
    TRUTHS.map((t) => [t, Object.fromEntries(VERDICTS.map((v) => [v, 0]))]),
  ) as Tally["matrix"];
  const t: Tally = { matrix, falseVerified: [], falseUnverified: [], unexpected: [], callsBeforeStop: 0, stops: 0 };
  for (const o of outcomes) {
    matrix[o.scenario.truth][o.verdict] += 1;
    if (o.verdict === "stopped") {
      t.stops += 1;
      t.callsBeforeStop += o.calls;
    }
    if (o.verdict === "verified" && o.scenario.truth !== "fixed") t.falseVerified.push(o);
    else if (o.scenario.truth === "fixed" && o.verdict !== "verified") t.falseUnverified.push(o);
    else if (o.verdict !== expectedVerdict(o.scenario)) t.unexpected.push(o);
  }
  return t;
}

export function formatMatrix(title: string, t: Tally): string {
  const width = 12;
  const head = `| truth \\ booty | ${VERDICTS.map((v) => v.padEnd(width)).join(" | ")} |`;
  const rows = TRUTHS.map(
    (truth) => `| ${truth.padEnd(13)} | ${VERDICTS.map((v) => String(t.matrix[truth][v]).padEnd(width)).join(" | ")} |`,
  );
  const sep = `|${"-".repeat(15)}|${VERDICTS.map(() => "-".repeat(width + 2)).join("|")}|`;
  const lines = [title, head, sep, ...rows];
  lines.push(`false verified: ${t.falseVerified.length}   false unverified: ${t.falseUnverified.length}`);
  for (const o of t.falseVerified) lines.push(`  FALSE VERIFIED   ${describe(o)}`);
  for (const o of t.falseUnverified) lines.push(`  false unverified ${describe(o)}`);
  for (const o of t.unexpected)
    lines.push(`  unexpected       ${describe(o)} (expected ${expectedVerdict(o.scenario)})`);
  lines.push(`model calls before a cannot-run stop: ${t.callsBeforeStop} (over ${t.stops} stopped run(s))`);
  return lines.join("\n");
}

function describe(o: Outcome): string {
  const rounds = o.rounds.length > 0 ? ` rounds [${o.rounds.map((p) => (p ? "pass" : "fail")).join(", ")}]` : "";
  const detail = o.detail ? `: ${o.detail.replace(/\s+/g, " ").slice(0, 240)}` : "";
  return `${o.scenario.name} — truth ${o.scenario.truth} (${o.scenario.why}), booty ${o.verdict}${rounds}${detail}`;
}
