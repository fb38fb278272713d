/**
 * From a real patch, the inputs a model might have written for the same change: search/replace blocks
 * (exact, and with the mistakes models make) and unified diffs (as written, drifted, short a line).
 */
import type { FilePatch, Hunk } from "../../src/pipeline/apply/diff/parse.ts";

export interface Block {
  /** Context copied before the change, the changed lines (old and new), context after. */
  before: string[];
  old: string[];
  new: string[];
  after: string[];
  /** The old side's last line has no line break (end of a file without one). */
  oldNoEol: boolean;
  newNoEol: boolean;
}

export type FileEdit =
  | { kind: "edits"; edits: { search: string; replace: string }[] }
  | { kind: "content"; content: string }
  | { kind: "delete" };

export type Input = { kind: "edits"; files: Record<string, FileEdit> } | { kind: "diff"; diff: string };

export const EDIT_PERTURBATIONS = [
  "exact",
  "indentation",
  "trailing-whitespace",
  "crlf",
  "blank-edges",
  "elided-middle",
] as const;
export const DIFF_PERTURBATIONS = ["diff", "diff-shifted-20", "diff-context-dropped"] as const;
export type Perturbation = (typeof EDIT_PERTURBATIONS)[number] | (typeof DIFF_PERTURBATIONS)[number];

const MAX_EXTRA_CONTEXT = 12;
/** Context lines wanted before a change that gets an elided middle. */
export const ELISION_CONTEXT = 8;

/**
 * Each hunk as a block that occurs exactly once in the file as it is when that hunk's turn comes (a
 * model is told to make its search unique): context is widened from the file, a line at a time.
 */
export function blocksOf(base: string, patch: FilePatch, minBefore = 0): Block[] {
  let lines = splitKeep(base);
  const blocks: Block[] = [];
  for (const hunk of patch.hunks) {
    const block = fromHunk(hunk);
    // With the hunks before it applied, a hunk's old side starts where its new side says.
    const top = Math.max(0, hunk.newStart - 1);
    let extraBefore = 0;
    let extraAfter = 0;
    const widen = () => {
      const from = top - extraBefore;
      const oldLen = block.before.length + block.old.length + block.after.length;
      return {
        ...block,
        before: [...lines.slice(from, top).map(strip), ...block.before],
        after: [...block.after, ...lines.slice(top + oldLen, top + oldLen + extraAfter).map(strip)],
      };
    };
    let chosen = widen();
    while (minBefore > 0 && extraBefore < minBefore && top - extraBefore > 0) {
      extraBefore++;
      chosen = widen();
    }
    const text = () => lines.join("");
    while (count(text(), searchOf(chosen)) !== 1 && extraBefore + extraAfter < 2 * MAX_EXTRA_CONTEXT) {
      if (top - extraBefore > 0) extraBefore++;
      extraAfter++;
      chosen = widen();
    }
    blocks.push(chosen);
    const oldLen = block.before.length + block.old.length + block.after.length;
    const replacement = splitKeep(replaceOf(block));
    lines = [...lines.slice(0, top), ...replacement, ...lines.slice(top + oldLen)];
  }
  return blocks;
}

function fromHunk(hunk: Hunk): Block {
  const lines = hunk.lines;
  let head = 0;
  while (head < lines.length && lines[head]?.kind === " ") head++;
  let tail = lines.length;
  while (tail > head && lines[tail - 1]?.kind === " ") tail--;
  const texts = (part: typeof lines, drop: string) => part.filter((l) => l.kind !== drop).map((l) => l.text);
  return {
    before: lines.slice(0, head).map((l) => l.text),
    old: texts(lines.slice(head, tail), "+"),
    new: texts(lines.slice(head, tail), "-"),
    after: lines.slice(tail).map((l) => l.text),
    oldNoEol: hunk.oldNoEol,
    newNoEol: hunk.newNoEol,
  };
}

export function searchOf(block: Block): string {
  return joinLines([...block.before, ...block.old, ...block.after], block.oldNoEol);
}

export function replaceOf(block: Block): string {
  return joinLines([...block.before, ...block.new, ...block.after], block.newNoEol);
}

function joinLines(lines: string[], noEol: boolean): string {
  if (lines.length === 0) return "";
  return lines.join("\n") + (noEol ? "" : "\n");
}

function splitKeep(text: string): string[] {
  return text === "" ? [] : text.split(/(?<=\n)/);
}

function strip(line: string): string {
  return line.replace(/\r?\n$/, "");
}

function count(text: string, search: string): number {
  if (search === "") return 0;
  let n = 0;
  for (let at = text.indexOf(search); at !== -1 && n < 2; at = text.indexOf(search, at + 1)) n++;
  return n;
}

/** The search/replace pair a model with this habit would have written for a block. */
export function perturbBlock(
  kind: (typeof EDIT_PERTURBATIONS)[number],
  block: Block,
): { search: string; replace: string } {
  const pair = { search: searchOf(block), replace: replaceOf(block) };
  const mapLines = (f: (line: string) => string) => ({
    search: mapEach(pair.search, f),
    replace: mapEach(pair.replace, f),
  });
  switch (kind) {
    case "exact":
    case "elided-middle":
      return pair;
    case "indentation": {
      // Every non-empty line moved by the same amount: copied without the enclosing indentation when
      // that loses nothing (no whitespace-only line would become empty), else indented a level deeper.
      const lines = [...block.before, ...block.old, ...block.new, ...block.after].filter((l) => l !== "");
      const common = Math.min(...lines.map(indentLength));
      const lossless = lines.every((l) => l.trim() !== "" || l.length > common);
      return common > 0 && lossless ? mapLines((l) => l.slice(common)) : mapLines((l) => (l === "" ? l : `    ${l}`));
    }
    case "trailing-whitespace":
      return mapLines((l) => `${l} `);
    case "crlf":
      return { search: pair.search.replace(/\n/g, "\r\n"), replace: pair.replace.replace(/\n/g, "\r\n") };
    case "blank-edges": {
      // An extra blank line at each edge of the block, in the search and the replacement alike.
      return { search: `\n${pair.search}\n`, replace: `\n${pair.replace}\n` };
    }
  }
}

function indentLength(line: string): number {
  return /^[ \t]*/.exec(line)?.[0].length ?? 0;
}

function mapEach(text: string, f: (line: string) => string): string {
  const lines = text.split("\n");
  const last = lines.pop();
  return [...lines.map(f), ...(last === "" ? [""] : [f(last ?? "")])].join("\n");
}

/**
 * The block with the middle of a long leading context replaced by an elision comment, in the search and
 * the replacement alike; undefined when there is not enough context before the change to elide.
 */
export function elide(block: Block, marker: string): { search: string; replace: string } | undefined {
  if (block.before.length < 5) return undefined;
  const keepHead = block.before.slice(0, 2);
  const keepTail = block.before.slice(-2);
  const elided = { ...block, before: [...keepHead, marker, ...keepTail] };
  return { search: searchOf(elided), replace: replaceOf(elided) };
}

/** The diff with every hunk header's line numbers moved by `by` (never below 1). */
export function shiftDiff(diff: string, by: number): string {
  return diff.replace(/^@@ -(\d+)((?:,\d+)?) \+(\d+)((?:,\d+)?) @@/gm, (_, a, b, c, d) => {
    const move = (n: string) => String(Number(n) === 0 ? 0 : Math.max(1, Number(n) + by));
    return `@@ -${move(a)}${b} +${move(c)}${d} @@`;
  });
}

/** The diff without the first hunk's first context line, its header left as it was (as models do). */
export function dropContextLine(diff: string): string | undefined {
  const lines = diff.split("\n");
  const header = lines.findIndex((line) => line.startsWith("@@"));
  if (header === -1) return undefined;
  if (lines[header + 1]?.startsWith(" ")) return [...lines.slice(0, header + 1), ...lines.slice(header + 2)].join("\n");
  return undefined;
}
