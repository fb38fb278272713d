/**
 * Finds the part of a file that looks most like a search block the model got wrong, so the error it
 * reads back shows the real text instead of only "not found".
 */
export interface Region {
  /** 1-based first line. */
  start: number;
  /** 1-based last line, inclusive. */
  end: number;
  /** 0..1, mean per-line similarity. */
  score: number;
}

/** Search lines scored per window; enough to place a block, bounded for large files. */
const MAX_SCORED_LINES = 40;

export function closestRegion(fileLines: readonly string[], searchLines: readonly string[]): Region | undefined {
  const wanted = searchLines.slice(0, MAX_SCORED_LINES).map((line) => bigrams(line.trim()));
  const size = searchLines.length;
  if (fileLines.length === 0 || wanted.length === 0) return undefined;
  const have = fileLines.map((line) => bigrams(line.trim()));
  let best: Region | undefined;
  const last = Math.max(0, fileLines.length - size);
  for (let start = 0; start <= last; start++) {
    let total = 0;
    for (const [offset, probe] of wanted.entries()) {
      const line = have[start + offset];
      if (line !== undefined) total += dice(probe, line);
    }
    const score = total / wanted.length;
    if (best === undefined || score > best.score) {
      best = { start: start + 1, end: Math.min(fileLines.length, start + size), score };
    }
  }
  return best;
}

/** `  12 | text` lines for [start - context, end + context]. */
export function numbered(fileLines: readonly string[], region: Region, context = 2): string {
  const from = Math.max(1, region.start - context);
  const to = Math.min(fileLines.length, region.end + context);
  const width = String(to).length;
  const out: string[] = [];
  for (let line = from; line <= to; line++) out.push(`${String(line).padStart(width)} | ${fileLines[line - 1] ?? ""}`);
  return out.join("\n");
}

interface Grams {
  counts: Map<string, number>;
  size: number;
}

function bigrams(text: string): Grams {
  const counts = new Map<string, number>();
  if (text.length === 1) counts.set(text, 1);
  for (let i = 0; i < text.length - 1; i++) {
    const gram = text.slice(i, i + 2);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return { counts, size: Math.max(text.length - 1, text.length === 1 ? 1 : 0) };
}

/** Sørensen–Dice over character bigrams: cheap, order-tolerant, good enough to place a block. */
function dice(a: Grams, b: Grams): number {
  if (a.size === 0 || b.size === 0) return a.size === b.size ? 1 : 0;
  let shared = 0;
  for (const [gram, count] of a.counts) shared += Math.min(count, b.counts.get(gram) ?? 0);
  return (2 * shared) / (a.size + b.size);
}
