import { publicMarkdown, withoutHostPaths } from "../../security/public-text.ts";
import { clip } from "../../text/clip.ts";
import type { VerificationReport } from "../types.ts";
import type { Verification } from "../verify/index.ts";

/** The verification section of the pull request body: the verdict, and what it rests on. */
export function verificationSummary(v: Verification): string {
  const command = v.command ? ` — \`${v.command.replace(/`/g, "'")}\`` : "";
  const lines = [`**Verified:** ${v.verified ? "yes" : "no"}${command}, ${v.rounds.length} round(s)`];
  if (v.note) lines.push("", publicMarkdown(withoutHostPaths(v.note)));
  const details = verificationLines(v);
  if (details.length > 0) lines.push("", ...details.map((l) => `- ${l}`));
  if (!v.verified && v.failureSummary) {
    const output = clip(v.failureSummary, 6000);
    // Longer than any backtick run in the output, so that test output cannot close the block early.
    const fence = "`".repeat(Math.max(3, ...[...output.matchAll(/`+/g)].map((m) => m[0].length + 1)));
    lines.push("", "<details><summary>Failing tests</summary>", "", fence, output, fence, "</details>");
  }
  return lines.join("\n");
}

/** One line per fact the verdict rests on; shared by the PR body and the terminal report. */
export function verificationLines(v: VerificationReport): string[] {
  const lines: string[] = [];
  const code = (id: string) => `\`${id.replace(/`/g, "'")}\``;
  if (v.reproduction)
    lines.push(
      `reproduced: ${code(v.reproduction.path)} failing at the base → ${v.reproduction.passes ? "passing" : "still failing"}`,
    );
  if (v.cannotRun) lines.push(`the tests cannot run: ${v.cannotRun}`);
  for (const t of (v.targets ?? []).slice(0, 20))
    lines.push(`target ${code(t.id)}: failing → ${t.after === null ? "passing" : "still failing"}`);
  if ((v.regressions ?? []).length > 0)
    lines.push(
      `regressions (passed at the base, fail now): ${(v.regressions ?? []).slice(0, 10).map(code).join(", ")}`,
    );
  const unrelated = (v.unrelated ?? []).filter((u) => !u.fixed);
  if (unrelated.length > 0)
    lines.push(
      `failing at the base too, unrelated to the issue (not counted): ${unrelated
        .slice(0, 10)
        .map((u) => code(u.id))
        .join(", ")}`,
    );
  for (const r of v.rounds) {
    const names = r.failures.length > 0 ? `: ${r.failures.slice(0, 5).map(code).join(", ")}` : "";
    lines.push(`round ${r.round}: ${r.passed ? "passed" : "failed"}${names}`);
  }
  return lines;
}
