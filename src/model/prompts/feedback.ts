/**
 * The user message that follows a rejected answer: a schema failure (from the shared retry loop) or an
 * answer that could not be used (edits that did not apply, code that does not parse).
 */
export function feedbackMessage(problem: string, kind: "json" | "text" = "json"): string {
  return [
    "Your previous answer was rejected:",
    problem,
    kind === "json"
      ? "Answer again with the complete, corrected JSON object only."
      : "Answer again with the complete, corrected answer in the same plain-text format (approach, then every block).",
  ].join("\n");
}
