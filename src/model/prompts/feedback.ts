/** The user message that follows an answer which failed the schema (used by the shared retry loop). */
export function feedbackMessage(error: string): string {
  return [
    "Your previous answer was rejected because it does not match the required JSON schema:",
    error,
    "Answer again with the complete, corrected JSON object only.",
  ].join("\n");
}
