import { pct } from "./metrics.ts";
import { type BenchResult, BUDGETS, KS } from "./run.ts";

export function formatTable(r: BenchResult): string {
  const head = ["method", ...KS.map((k) => `Acc@${k}`), ...BUDGETS.map((b) => `R@${b / 1000}k`)];
  const row = (name: string, m: BenchResult["booty"], rec = m.recall) => [
    name,
    ...KS.map((k) => pct(m.acc[k] ?? 0)),
    ...BUDGETS.map((b) => pct(rec[b] ?? 0)),
  ];
  const ratio = [
    "booty/bm25",
    ...KS.map((k) => ratioOf(r.booty.acc[k], r.bm25.acc[k])),
    ...BUDGETS.map((b) => ratioOf(r.booty.recall[b], r.bm25.recall[b])),
  ];
  const rows = [
    head,
    row("booty", r.booty),
    row("booty (whole files only)", r.booty, r.booty.recallWhole ?? {}),
    row("bm25 (baseline)", r.bm25),
    ratio,
  ];
  const widths = head.map((_, i) => Math.max(...rows.map((x) => (x[i] ?? "").length)));
  const lines = rows.map((x) =>
    x.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  "),
  );
  return [
    `${r.instances} instance(s)${r.skipped.length ? `, skipped: ${r.skipped.join(", ")}` : ""}`,
    ...lines,
    "Acc@k: all gold files in the top k. R@Nk: budget recall with N thousand cl100k tokens (prompt, issue, README and example patch included).",
    "booty recall counts a gold file when it is packed whole or as its relevant regions; the 'whole files only' row credits whole files alone.",
    "Anchors (SWE-bench Lite): BM25 Acc 38.7/51.8/61.7, CodeRankEmbed 52.6/77.7/84.7; BM25 recall 29.6/44.4/51.1.",
  ].join("\n");
}

function ratioOf(a: number | undefined, b: number | undefined): string {
  return b ? `${((a ?? 0) / b).toFixed(2)}x` : "-";
}
