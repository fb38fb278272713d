/**
 * The prose before the first block: the approach, then the testing notes from a line that starts with
 * "Testing" (as a label or a heading). Labels are dropped; the rest is kept as written.
 *
 * Exports: `splitProse(lines)`.
 */
import { bare } from "./markers.ts";

const TESTING = /^(?:#{1,6} +|\*\*)?testing(?: notes)?\b[*:]*\s*/i;
const APPROACH = /^(?:#{1,6} +|\*\*)?approach\b[*:]*\s*/i;

export function splitProse(lines: readonly string[]): { approach: string; testingNotes: string } {
  const text = lines.map(bare);
  const at = text.findIndex((line) => TESTING.test(line));
  const approach = (at < 0 ? text : text.slice(0, at)).join("\n").trim().replace(APPROACH, "").trim();
  const testing = at < 0 ? "" : text.slice(at).join("\n").trim().replace(TESTING, "").trim();
  return { approach, testingNotes: testing };
}
