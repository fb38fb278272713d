import { clip, clipStart } from "../../text/clip.ts";
import type { Failure } from "./failures/index.ts";
import type { TestRun } from "./run-tests.ts";
import type { RoundVerdict } from "./verdict.ts";

export interface CheckFailure {
  command: string;
  output: string;
}

const MAX_TEXT = 12_000;

/** The text `refine` gives the model, and the draft PR body carries. */
export function describeFailures(
  command: string,
  run: TestRun,
  verdict: Pick<RoundVerdict, "regressions" | "targets" | "wholeCommand">,
  checks: CheckFailure[] = [],
): string {
  const parts: string[] = [];
  const targets = verdict.targets.flatMap((t) => (t.after ? [t.after] : []));
  if (verdict.regressions.length > 0) {
    parts.push(`\`${command}\` ${run.summary}. New failures (${verdict.regressions.length}):`);
    parts.push(...verdict.regressions.slice(0, 20).map(describeOne));
  }
  if (targets.length > 0) {
    const heading = verdict.wholeCommand
      ? "The command fails as a whole, as it did at the base commit; it must pass"
      : `Failing at the base commit and still failing: the issue's tests (${targets.length})`;
    parts.push(`\`${command}\` ${run.summary}. ${heading}:`);
    parts.push(...targets.slice(0, 20).map(describeOne));
  }
  const shown = [...verdict.regressions, ...targets];
  if (shown.some((f) => f.id.startsWith("("))) parts.push(`Output (last lines):\n${tail(run.output, 60)}`);
  for (const c of checks) parts.push(`\`${c.command}\` failed:\n${tail(c.output, 40)}`);
  return clip(parts.join("\n"), MAX_TEXT);
}

function describeOne(f: Failure): string {
  const at = f.frames
    .slice(0, 6)
    .map((fr) => `${fr.path}:${fr.line}`)
    .join(", ");
  return `- ${f.id}\n${f.message.replace(/^/gm, "    ")}${at ? `\n    at ${at}` : ""}`;
}

function tail(text: string, lines: number): string {
  return clipStart(text.split("\n").slice(-lines).join("\n"), 4000);
}
