import { fence } from "./fence.ts";

/**
 * The repository's guidance files fenced for a prompt, each with its path, and a note naming those left
 * out for the budget; null when there is none.
 */
export function formatGuidance(guidance: {
  files: readonly { path: string; content: string }[];
  leftOut: readonly string[];
}): string | null {
  const parts = guidance.files.map((f) => fence("repo_guidance", f.content, { path: f.path }));
  if (guidance.leftOut.length > 0) {
    parts.push(`(Left out to fit the token budget: ${guidance.leftOut.join(", ")}.)`);
  }
  return parts.length > 0 ? parts.join("\n\n") : null;
}
