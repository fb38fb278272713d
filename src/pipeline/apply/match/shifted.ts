import { indentOf, isBlank, trimEnd } from "./lines.ts";
import type { Placement } from "./types.ts";

/**
 * Whole-line places where the search lines equal the file's, ignoring trailing whitespace and line
 * endings, and — when `shift` is allowed — every non-blank line's indentation differing by the same
 * literal prefix (a tab is never taken for spaces). Blank lines match blank lines.
 */
export function shiftedPlaces(file: readonly string[], search: readonly string[], shift: boolean): Placement[] {
  const wanted = search.map(trimEnd);
  const have = file.map(trimEnd);
  const first = wanted.findIndex((line) => line !== "");
  if (first === -1) return [];
  const places: Placement[] = [];
  for (let start = 0; start + wanted.length <= have.length; start++) {
    const offset = offsetAt(have[start + first] ?? "", wanted[first] ?? "", shift);
    if (offset === undefined) continue;
    if (!wanted.every((line, i) => sameLine(have[start + i] ?? "", line, offset))) continue;
    places.push({
      start,
      end: start + wanted.length,
      pairs: wanted.map((_, i) => start + i),
      reindent: reindenter(offset),
    });
  }
  return places;
}

/** `add`: the file has `prefix` before each search line; `remove`: the search has it and the file does not. */
interface Offset {
  add: boolean;
  prefix: string;
}

function offsetAt(fileLine: string, searchLine: string, shift: boolean): Offset | undefined {
  if (!shift) return fileLine === searchLine ? { add: true, prefix: "" } : undefined;
  const fi = indentOf(fileLine);
  const si = indentOf(searchLine);
  if (fileLine.slice(fi.length) !== searchLine.slice(si.length)) return undefined;
  if (fi.endsWith(si)) return { add: true, prefix: fi.slice(0, fi.length - si.length) };
  if (si.endsWith(fi)) return { add: false, prefix: si.slice(0, si.length - fi.length) };
  return undefined;
}

function sameLine(fileLine: string, searchLine: string, offset: Offset): boolean {
  if (searchLine === "") return fileLine === "";
  return offset.add ? fileLine === offset.prefix + searchLine : searchLine === offset.prefix + fileLine;
}

function reindenter(offset: Offset): (line: string) => string | undefined {
  if (offset.prefix === "") return (line) => line;
  // A whitespace-only line moves with the rest: a file may keep indentation on its blank lines.
  if (offset.add) return (line) => (line === "" ? "" : offset.prefix + line);
  return (line) => {
    if (line.startsWith(offset.prefix)) return line.slice(offset.prefix.length);
    return isBlank(line) ? "" : undefined;
  };
}
