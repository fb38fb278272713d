import { EditError } from "../../errors/index.ts";
import { closestRegion, numbered } from "./closest.ts";
import { type Placed, placeEdit, type Span } from "./match/ladder.ts";
import { RUNG_MEANING, type Rung } from "./match/types.ts";

export interface Edit {
  search: string;
  replace: string;
}

export interface Applied {
  text: string;
  /** The rung that placed each edit, in order. */
  rungs: Rung[];
}

/** Below this a "closest region" is noise, and showing it would mislead the model. */
const MIN_SIMILARITY = 0.35;
const MAX_LISTED = 10;
/** Candidates shown in full when a search matches several places. */
const MAX_SHOWN = 2;

/**
 * Applies search/replace edits in order, each to the text the edits before it left. Each edit is placed
 * by the matching ladder (match/ladder.ts): the first rung that finds anything decides, and it must find
 * exactly one place.
 */
export function applyEditsWithRungs(path: string, content: string, edits: readonly Edit[]): Applied {
  let text = content;
  const rungs: Rung[] = [];
  for (const [index, edit] of edits.entries()) {
    const label = edits.length > 1 ? `edit ${index + 1} of ${edits.length} for ${path}` : `edit for ${path}`;
    const placed = placeEdit(text, edit.search, edit.replace);
    if (!placed.ok) throw placementError(label, path, text, edit.search, placed);
    text = placed.text;
    rungs.push(placed.rung);
  }
  return { text, rungs };
}

export function applyEdits(path: string, content: string, edits: readonly Edit[]): string {
  return applyEditsWithRungs(path, content, edits).text;
}

/** An edit that could not be placed: what to send instead for the model, what went wrong for a person. */
export function placementError(
  label: string,
  path: string,
  text: string,
  search: string,
  placed: Placed & { ok: false },
): EditError {
  return new EditError(explain(label, text, search, placed), {
    where: path,
    summary: `${label}: ${forPerson(placed)}`,
  });
}

function forPerson(placed: Placed & { ok: false }): string {
  switch (placed.why) {
    case "empty":
    case "blank":
      return "the model did not say which lines to change";
    case "ambiguous":
      return `the lines to change appear ${placed.spans.length} times in the file`;
    case "unsafe":
      return `the lines to change match lines ${placed.span.start}-${placed.span.end} only loosely, too loosely to change them safely`;
    case "not-found":
      return "the lines to change are not in the file";
  }
}

/** One message per way a placement fails, each telling the model what to send instead. */
export function explain(label: string, text: string, search: string, placed: Placed & { ok: false }): string {
  switch (placed.why) {
    case "empty":
      return `${label}: the search text is empty; copy the lines to change from the current file`;
    case "blank":
      return `${label}: the search text is only whitespace; copy the lines to change from the current file`;
    case "ambiguous":
      return tooMany(label, text, placed.rung, placed.spans);
    case "unsafe":
      return `${label}: the search text was found at lines ${placed.span.start}-${placed.span.end} (${RUNG_MEANING[placed.rung]}), but the replacement cannot be carried over without guessing (lines it removes or indents differ from the file); copy the search text exactly from the current file`;
    case "not-found":
      return notFound(label, text, search);
  }
}

function tooMany(label: string, text: string, rung: Rung, spans: readonly Span[]): string {
  const lines = spans.slice(0, MAX_LISTED).map((span) => span.start);
  const more = spans.length > MAX_LISTED ? ", ..." : "";
  const how = rung === "exact" ? "" : ` (${RUNG_MEANING[rung]})`;
  const fileLines = text.split(/\r?\n/);
  const shown = spans
    .slice(0, MAX_SHOWN)
    .map((span, i) => `candidate ${i + 1}:\n${numbered(fileLines, { ...span, score: 1 }, 0)}`);
  return `${label}: the search text matches ${spans.length} times${how} (at lines ${lines.join(", ")}${more}); include more surrounding lines so that it matches exactly once\n${shown.join("\n")}`;
}

function notFound(label: string, text: string, search: string): string {
  const fileLines = text.split(/\r?\n/);
  const searchLines = search.replace(/\r?\n$/, "").split(/\r?\n/);
  const region = closestRegion(fileLines, searchLines);
  const head = `${label}: the search text was not found`;
  if (region === undefined || region.score < MIN_SIMILARITY) {
    return `${head}, and nothing in the file resembles it; copy the search text exactly from the current file`;
  }
  const percent = Math.round(region.score * 100);
  return `${head}; the closest region (lines ${region.start}-${region.end}, ${percent}% similar) is:\n${numbered(fileLines, region)}\nCopy the search text exactly from the current file.`;
}
