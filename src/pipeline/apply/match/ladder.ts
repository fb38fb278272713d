import { trimBlankEdges } from "./edges.ts";
import { elidedPlaces } from "./elided.ts";
import { fuzzyPlaces, lineKey, MIN_MARGIN, MIN_SCORE } from "./fuzzy.ts";
import { blockLines, isCrlf, type Line, lineOfOffset, splitLines, trimEnd } from "./lines.ts";
import { rebuild } from "./rebuild.ts";
import { shiftedPlaces } from "./shifted.ts";
import type { Block, Placement, Rung } from "./types.ts";

/** 1-based, inclusive line ranges, for messages. */
export interface Span {
  start: number;
  end: number;
}

export type Placed =
  | { ok: true; text: string; rung: Rung; span: Span }
  | { ok: false; why: "empty" | "blank" | "not-found" }
  | { ok: false; why: "ambiguous"; rung: Rung; spans: Span[] }
  | { ok: false; why: "unsafe"; rung: Rung; span: Span };

/** A piece of the file to replace: lines [start, end) become `lines`. */
interface Splice {
  start: number;
  end: number;
  lines: string[];
}

/**
 * Finds the one place a search block stands for and applies its replacement, trying the rungs in order
 * and stopping at the first that finds anything. `hint` (0-based line, from a diff's hunk header) only
 * chooses between equal places, and only one far nearer to it than the others (see `nearest`).
 */
export function placeEdit(text: string, search: string, replace: string, hint?: number): Placed {
  if (search === "") return { ok: false, why: "empty" };
  if (search.trim() === "") return { ok: false, why: "blank" };
  const exact = exactPlace(text, search, replace, hint);
  if (exact !== undefined) return exact;
  const lines = splitLines(text);
  const file = lines.map((line) => line.text);
  const block: Block = { search: blockLines(search), replace: blockLines(replace) };
  const trimmed = trimBlankEdges(block);
  const tries: [Rung, () => { places: Placement[]; block: Block; same: (line: string) => string }][] = [
    ["whitespace", () => ({ places: shiftedPlaces(file, block.search, false), block, same: trimEnd })],
    ["indentation", () => ({ places: shiftedPlaces(file, block.search, true), block, same: trimEnd })],
    [
      "blank-edges",
      () => ({
        places: trimmed.search.length < block.search.length ? shiftedPlaces(file, trimmed.search, true) : [],
        block: trimmed,
        same: trimEnd,
      }),
    ],
  ];
  for (const [rung, attempt] of tries) {
    const { places, block: used, same } = attempt();
    if (places.length === 0) continue;
    const chosen = choose(places, hint);
    if (chosen === undefined) return { ok: false, why: "ambiguous", rung, spans: places.map(spanOf) };
    const out = rebuild(lines, chosen, used, same);
    if (out === undefined) return { ok: false, why: "unsafe", rung, span: spanOf(chosen) };
    return done(text, lines, [{ start: chosen.start, end: chosen.end, lines: out }], rung);
  }
  const elided = elidedPlaces(file, block);
  if (elided !== undefined) {
    if (elided.chains.length > 1) return { ok: false, why: "ambiguous", rung: "elision", spans: elided.spans };
    const splices: Splice[] = [];
    for (const [i, place] of (elided.chains[0] ?? []).entries()) {
      const piece = elided.pieces[i];
      const out = piece && rebuild(lines, place, piece, trimEnd);
      if (out === undefined) return { ok: false, why: "unsafe", rung: "elision", span: spanOf(place) };
      splices.push({ start: place.start, end: place.end, lines: out });
    }
    if (splices.length > 0) return done(text, lines, splices, "elision");
  }
  return fuzzy(text, lines, trimmed);
}

function fuzzy(text: string, lines: Line[], block: Block): Placed {
  const places = fuzzyPlaces(
    lines.map((line) => line.text),
    block.search,
  );
  const best = places[0];
  if (best === undefined || best.score < MIN_SCORE) return { ok: false, why: "not-found" };
  const rival = places.find((place) => place.end <= best.start || place.start >= best.end);
  if (rival !== undefined && rival.score > best.score - MIN_MARGIN) {
    return { ok: false, why: "ambiguous", rung: "fuzzy", spans: [spanOf(best), spanOf(rival)] };
  }
  const out = rebuild(lines, best, block, lineKey);
  if (out === undefined) return { ok: false, why: "unsafe", rung: "fuzzy", span: spanOf(best) };
  return done(text, lines, [{ start: best.start, end: best.end, lines: out }], "fuzzy");
}

function exactPlace(text: string, search: string, replace: string, hint: number | undefined): Placed | undefined {
  const found: number[] = [];
  for (let at = text.indexOf(search); at !== -1; at = text.indexOf(search, at + 1)) found.push(at);
  if (found.length === 0) return undefined;
  const lineAt = (at: number) => lineOfOffset(text, at);
  const spans = found.map((at) => ({ start: lineAt(at), end: lineAt(at + search.length - 1) }));
  let at = found.length === 1 ? found[0] : undefined;
  if (at === undefined && hint !== undefined) {
    const near = nearest(
      found.map((offset) => lineAt(offset) - 1),
      hint,
    );
    if (near !== undefined) at = found[near];
  }
  if (at === undefined) return { ok: false, why: "ambiguous", rung: "exact", spans };
  const swap = isCrlf(text) ? replace.replace(/\r?\n/g, "\r\n") : replace;
  const span = spans[found.indexOf(at)] ?? { start: 1, end: 1 };
  return { ok: true, text: text.slice(0, at) + swap + text.slice(at + search.length), rung: "exact", span };
}

function choose(places: Placement[], hint: number | undefined): Placement | undefined {
  if (places.length === 1) return places[0];
  if (hint === undefined) return undefined;
  const near = nearest(
    places.map((place) => place.start),
    hint,
  );
  return near === undefined ? undefined : places[near];
}

/**
 * Which of several equal places a diff's line number points at: the one that starts there, or else the
 * nearest when every other one is far further away (three times as far, and ten lines more). Line numbers drift, but rarely by much
 * more than the distance between two copies of the same lines; when they might have, nothing is chosen.
 */
function nearest(starts: readonly number[], hint: number): number | undefined {
  const ranked = starts.map((start, index) => ({ index, distance: Math.abs(start - hint) }));
  ranked.sort((a, b) => a.distance - b.distance);
  const [first, second] = ranked;
  if (first === undefined) return undefined;
  if (first.distance > 0 && second !== undefined && second.distance < 3 * first.distance + 10) return undefined;
  return first.index;
}

function spanOf(place: Placement): Span {
  return { start: place.start + 1, end: Math.max(place.start + 1, place.end) };
}

/** Splices the new lines in, bottom up so earlier offsets stay valid, in the file's line-ending style. */
function done(text: string, lines: readonly Line[], splices: Splice[], rung: Rung): Placed {
  const eol = isCrlf(text) ? "\r\n" : "\n";
  let out = text;
  for (const splice of [...splices].sort((a, b) => b.start - a.start)) {
    const first = lines[splice.start];
    const last = lines[splice.end - 1];
    if (first === undefined || last === undefined) continue;
    let body = splice.lines.map((line) => line + eol).join("");
    if (last.breakEnd === last.end && body !== "") body = body.slice(0, -eol.length);
    out = out.slice(0, first.start) + body + out.slice(last.breakEnd);
  }
  const top = Math.min(...splices.map((s) => s.start));
  const bottom = Math.max(...splices.map((s) => s.end));
  return { ok: true, text: out, rung, span: { start: top + 1, end: Math.max(top + 1, bottom) } };
}
