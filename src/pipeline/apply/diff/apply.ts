import { EditError } from "../../../errors/index.ts";
import { placementError } from "../edits.ts";
import { placeEdit } from "../match/ladder.ts";
import { isCrlf } from "../match/lines.ts";
import type { Rung } from "../match/types.ts";
import type { FilePatch, Hunk } from "./parse.ts";

/**
 * Applies a file's hunks in order with the matching ladder: each hunk's context and removed lines are
 * the search, its context and added lines the replacement. The header's line number only breaks a tie
 * between equal places, corrected by how far the hunks before it were found from where they said.
 */
export function applyHunks(path: string, content: string, patch: FilePatch): { text: string; rungs: Rung[] } {
  if (patch.binary) {
    throw new EditError(`diff for ${path}: binary diff sections are not supported; booty changes text files only`, {
      where: path,
    });
  }
  let text = content;
  let drift = 0;
  const rungs: Rung[] = [];
  for (const [index, hunk] of patch.hunks.entries()) {
    const label =
      patch.hunks.length > 1 ? `hunk ${index + 1} of ${patch.hunks.length} for ${path}` : `hunk for ${path}`;
    const search = side(hunk, "+", hunk.oldNoEol);
    const replace = side(hunk, "-", hunk.newNoEol);
    if (search === "") {
      text = insertAt(text, replace, hunk, label, path);
      rungs.push("exact");
      continue;
    }
    const placed = placeEdit(text, search, replace, Math.max(0, hunk.newStart - 1 + drift));
    if (!placed.ok) throw placementError(label, path, text, search, placed);
    drift = placed.span.start - hunk.newStart;
    text = placed.text;
    rungs.push(placed.rung);
  }
  return { text, rungs };
}

function side(hunk: Hunk, drop: "-" | "+", noEol: boolean): string {
  const lines = hunk.lines.filter((line) => line.kind !== drop).map((line) => line.text);
  if (lines.length === 0) return "";
  return lines.join("\n") + (noEol ? "" : "\n");
}

/** A hunk with no context or removed lines (`@@ -N,0 +M,K @@`) adds its lines after line N, trusted only in a new or empty file or at its end. */
function insertAt(text: string, replace: string, hunk: Hunk, label: string, path: string): string {
  const lines = text === "" ? [] : text.split(/(?<=\n)/);
  if (hunk.oldStart !== lines.length && lines.length > 0) {
    throw new EditError(
      `${label}: a hunk without context lines can only add to the end of a file; include context lines`,
      {
        where: path,
      },
    );
  }
  const body = isCrlf(text) ? replace.replace(/\r?\n/g, "\r\n") : replace;
  const joined = lines.join("");
  const needsBreak = joined !== "" && !joined.endsWith("\n");
  return joined + (needsBreak ? (isCrlf(text) ? "\r\n" : "\n") : "") + body;
}
