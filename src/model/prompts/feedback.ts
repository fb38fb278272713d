/**
 * The user message that follows a rejected answer: a schema failure (from the shared retry loop) or an
 * answer that could not be used (edits that did not apply, code that does not parse).
 */
export function feedbackMessage(problem: string): string {
  return [
    "Your previous answer was rejected:",
    problem,
    "Answer again with the complete, corrected JSON object only.",
  ].join("\n");
}
