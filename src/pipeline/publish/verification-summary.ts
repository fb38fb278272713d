import { clip } from "../../text/clip.ts";
import type { Verification } from "../verify/index.ts";

/** The verification section of the pull request body. */
export function verificationSummary(v: Verification): string {
  const lines = [
    `**Verified:** ${v.verified ? "yes" : "no"}${v.command ? ` — \`${v.command}\`` : ""}, ${v.rounds.length} round(s)`,
  ];
  if (v.note) lines.push("", v.note);
  if (!v.verified && v.failureSummary)
    lines.push(
      "",
      "<details><summary>Failing tests</summary>",
      "",
      "```",
      clip(v.failureSummary, 6000),
      "```",
      "</details>",
    );
  return lines.join("\n");
}
