import { loadavg } from "node:os";

/** The q-quantile of some samples (nearest rank); 0 for none. */
export function percentile(xs: number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** The median, the lower one of an even count. */
export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

/** The machine's 1, 5 and 15 minute load averages: it is shared, so they go next to the figures. */
export function loadAverage(): string {
  return `load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`;
}
