import { clip } from "../text/clip.ts";
/**
 * Cleans issue text before it reaches a prompt. Issue authors can hide instructions from human
 * reviewers (HTML comments, zero-width or bidi control characters); the model would still read them.
 *
 * Exports: `sanitizeIssueText(text, options?)`, `DEFAULT_MAX_ISSUE_CHARS`.
 */
export const DEFAULT_MAX_ISSUE_CHARS = 20_000;

export interface SanitizeOptions {
  /** Longer text is cut, with a note saying how much was left out. */
  maxChars?: number;
}

// Closed comments, then an unclosed one that would hide everything after it in rendered markdown.
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
// Unicode "format" characters are invisible: zero-width spaces and joiners, bidi embeddings,
// overrides and isolates, the BOM, soft hyphens, tag characters.
const INVISIBLE = /[\p{Cf}]/gu;
// C0/C1 control characters other than tab and newline.
const CONTROL = /[^\P{Cc}\t\n]/gu;

export function sanitizeIssueText(text: string, options: SanitizeOptions = {}): string {
  const maxChars = options.maxChars ?? DEFAULT_MAX_ISSUE_CHARS;
  let out = text.replace(/\r\n?/g, "\n");
  out = out.replace(HTML_COMMENT, "");
  out = out.replace(INVISIBLE, "").replace(CONTROL, "");
  out = out.replace(/\n{4,}/g, "\n\n\n").trim();
  if (out.length > maxChars) {
    const left = out.length - maxChars;
    out = `${clip(out, maxChars)}\n[... ${left} more characters left out]`;
  }
  return out;
}
