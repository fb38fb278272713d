/** Acc@k: 1 when every gold file is among the first k ranked paths. */
export function accAt(ranked: readonly string[], gold: readonly string[], k: number): number {
  const head = new Set(ranked.slice(0, k));
  return gold.length > 0 && gold.every((g) => head.has(g)) ? 1 : 0;
}

/** |packed ∩ gold| / |gold|. */
export function recall(packed: readonly string[], gold: readonly string[]): number {
  if (gold.length === 0) return 0;
  const set = new Set(packed);
  return gold.filter((g) => set.has(g)).length / gold.length;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

export function pct(x: number): string {
  return (100 * x).toFixed(1);
}
