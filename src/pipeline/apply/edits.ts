import { EditError } from "../../errors/index.ts";
import { closestRegion, numbered } from "./closest.ts";

export interface Edit {
  search: string;
  replace: string;
}

/** Below this a "closest region" is noise, and showing it would mislead the model. */
const MIN_SIMILARITY = 0.35;
const MAX_LISTED = 10;

/**
 * Applies search/replace edits in order; each search must occur exactly once in the text as it is after
 * the edits before it. An exact match is required, with one tolerance: line endings (CRLF/LF) and
 * trailing whitespace at line ends are ignored when that gives exactly one whole-line match. Nothing
 * looser (indentation, blank lines) is accepted, because in Python or YAML that changes meaning.
 * In a CRLF file the replacement's line endings are converted to CRLF.
 */
export function applyEdits(path: string, content: string, edits: readonly Edit[]): string {
  const crlf = isCrlf(content);
  let text = content;
  for (const [index, edit] of edits.entries()) {
    const label = edits.length > 1 ? `edit ${index + 1} of ${edits.length} for ${path}` : `edit for ${path}`;
    if (edit.search.length === 0) throw new EditError(`${label}: the search text is empty`, { where: path });
    const replace = crlf ? edit.replace.replace(/\r?\n/g, "\r\n") : edit.replace;
    const exact = occurrences(text, edit.search);
    if (exact.length === 1) {
      const at = exact[0] ?? 0;
      text = text.slice(0, at) + replace + text.slice(at + edit.search.length);
      continue;
    }
    if (exact.length > 1) throw new EditError(tooMany(label, text, exact), { where: path });
    const loose = looseMatches(text, edit.search);
    if (loose.length === 1 && loose[0] !== undefined) {
      const { from, to } = loose[0];
      text = text.slice(0, from) + replace + text.slice(to);
      continue;
    }
    if (loose.length > 1) {
      throw new EditError(
        tooMany(
          label,
          text,
          loose.map((match) => match.from),
        ),
        { where: path },
      );
    }
    throw new EditError(notFound(label, text, edit.search), { where: path });
  }
  return text;
}

function occurrences(text: string, search: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(search); at !== -1; at = text.indexOf(search, at + 1)) found.push(at);
  return found;
}

/**
 * Whole-line matches ignoring CR and trailing blanks. The matched range covers the last line's line
 * break only when the search text ends with one, mirroring what an exact match would have replaced.
 */
function looseMatches(text: string, search: string): { from: number; to: number }[] {
  const wanted = search.replace(/\r\n/g, "\n");
  const endsWithBreak = wanted.endsWith("\n");
  const probe = (endsWithBreak ? wanted.slice(0, -1) : wanted).split("\n").map(trimEnd);
  const lines = splitLines(text);
  const matches: { from: number; to: number }[] = [];
  for (let start = 0; start + probe.length <= lines.length; start++) {
    if (!probe.every((line, offset) => trimEnd(lines[start + offset]?.text ?? "") === line)) continue;
    const first = lines[start];
    const last = lines[start + probe.length - 1];
    if (first === undefined || last === undefined) continue;
    if (endsWithBreak && last.breakEnd === last.end) continue; // no line break there to replace
    matches.push({ from: first.start, to: endsWithBreak ? last.breakEnd : last.end });
  }
  return matches;
}

interface Line {
  text: string;
  start: number;
  /** End of the text, before `\r\n` or `\n`. */
  end: number;
  /** End including the line break. */
  breakEnd: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf("\n", start);
    const breakEnd = newline === -1 ? text.length : newline + 1;
    let end = newline === -1 ? text.length : newline;
    if (end > start && text[end - 1] === "\r") end--;
    lines.push({ text: text.slice(start, end), start, end, breakEnd });
    if (newline === -1) break;
    start = breakEnd;
  }
  return lines;
}

function trimEnd(line: string): string {
  return line.replace(/[ \t\r]+$/, "");
}

function isCrlf(text: string): boolean {
  const crlf = text.split("\r\n").length - 1;
  const lf = text.split("\n").length - 1;
  return crlf > 0 && crlf * 2 >= lf;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split("\n").length;
}

function tooMany(label: string, text: string, at: readonly number[]): string {
  const lines = at.slice(0, MAX_LISTED).map((index) => lineOf(text, index));
  const more = at.length > MAX_LISTED ? ", ..." : "";
  return `${label}: the search text matches ${at.length} times (at lines ${lines.join(", ")}${more}); include more surrounding lines so that it matches exactly once`;
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
