import type { CodeGenerationPlan, IssueAnalysis } from "../../model/schemas/index.ts";
import { publicPlainText } from "../../security/public-text.ts";
import { clip } from "../../text/clip.ts";
import type { IssueInput } from "../types.ts";

/** `type(scope): summary` — the commit subject and the pull request title. */
export function conventionalTitle(analysis: IssueAnalysis): string {
  const scope = analysis.commitScope ? `(${analysis.commitScope})` : "";
  // No reference in a subject stays live: a merged commit's subject closes issues as its body does.
  const summary = publicPlainText(analysis.summary.replace(/\s+/g, " ").trim().replace(/\.$/, ""));
  return clip(`${analysis.commitType}${scope}: ${summary}`, 100);
}

/** `trailer`: booty's `Co-authored-by:` line, when the commit is made in someone else's name (`booty run`). */
export function commitMessage(
  analysis: IssueAnalysis,
  plan: CodeGenerationPlan,
  issue: IssueInput,
  trailer?: string,
): string {
  const parts = [conventionalTitle(analysis), wrap(publicPlainText(plan.approach.trim(), { issue: issue.number }))];
  if (issue.number !== undefined) parts.push(`Closes #${issue.number}`);
  if (trailer) parts.push(trailer);
  return `${parts.join("\n\n")}\n`;
}

function wrap(text: string, width = 72): string {
  return text
    .split("\n")
    .map((line) => {
      const out: string[] = [];
      let current = "";
      for (const word of line.split(" ")) {
        if (current && current.length + word.length + 1 > width) {
          out.push(current);
          current = word;
        } else current = current ? `${current} ${word}` : word;
      }
      out.push(current);
      return out.join("\n");
    })
    .join("\n");
}
