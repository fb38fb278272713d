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
/** A first pass scores every window on a few evenly spaced lines; the best few are then scored fully. */
const SAMPLED_LINES = 6;
const FINALISTS = 20;

export function closestRegion(fileLines: readonly string[], searchLines: readonly string[]): Region | undefined {
  const size = searchLines.length;
  const wanted = searchLines
    .slice(0, MAX_SCORED_LINES)
    .map((line, offset) => ({ offset, grams: bigrams(line.trim()) }));
  if (fileLines.length === 0 || wanted.length === 0) return undefined;
  const have = fileLines.map((line) => bigrams(line.trim()));
  const step = Math.max(1, Math.floor(wanted.length / SAMPLED_LINES));
  const sample = wanted.filter((_, index) => index % step === 0);
  const score = (start: number, probes: typeof wanted) => {
    let total = 0;
    for (const probe of probes) {
      const line = have[start + probe.offset];
      if (line !== undefined) total += dice(probe.grams, line);
    }
    return total / probes.length;
  };
  const starts = Array.from({ length: Math.max(1, fileLines.length - size + 1) }, (_, start) => start);
  const finalists = starts
    .map((start) => ({ start, rough: score(start, sample) }))
    .sort((a, b) => b.rough - a.rough || a.start - b.start)
    .slice(0, FINALISTS);
  let best: Region | undefined;
  for (const { start } of finalists) {
    const full = score(start, wanted);
    if (best === undefined || full > best.score || (full === best.score && start + 1 < best.start)) {
      best = { start: start + 1, end: Math.min(fileLines.length, start + size), score: full };
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
