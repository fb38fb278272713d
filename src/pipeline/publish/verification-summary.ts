import { publicMarkdown, withoutHostPaths } from "../../security/public-text.ts";
import { clip } from "../../text/clip.ts";
import type { Verification } from "../verify/index.ts";

/** The verification section of the pull request body. */
export function verificationSummary(v: Verification): string {
  const command = v.command ? ` — \`${v.command.replace(/`/g, "'")}\`` : "";
  const lines = [`**Verified:** ${v.verified ? "yes" : "no"}${command}, ${v.rounds.length} round(s)`];
  if (v.note) lines.push("", publicMarkdown(withoutHostPaths(v.note)));
  if (!v.verified && v.failureSummary) {
    const output = clip(v.failureSummary, 6000);
    // Longer than any backtick run in the output, so that test output cannot close the block early.
    const fence = "`".repeat(Math.max(3, ...[...output.matchAll(/`+/g)].map((m) => m[0].length + 1)));
    lines.push("", "<details><summary>Failing tests</summary>", "", fence, output, fence, "</details>");
  }
  return lines.join("\n");
}
