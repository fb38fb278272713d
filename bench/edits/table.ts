import type { BenchResult, Tally } from "./run.ts";

const TOOLS = ["booty", "booty (text)", "exact-only", "git apply", "patch --fuzz=3"];

function cell(tally: Tally | undefined): string {
  if (tally === undefined) return "";
  const n = tally.correct + tally.refused + tally.wrong;
  const pct = n === 0 ? "-" : `${((100 * tally.correct) / n).toFixed(1)}%`;
  return `${tally.correct}/${tally.refused}/${tally.wrong} (${pct})`;
}

function sum(tallies: (Tally | undefined)[]): Tally {
  const total: Tally = { correct: 0, refused: 0, wrong: 0 };
  for (const t of tallies) {
    if (t === undefined) continue;
    total.correct += t.correct;
    total.refused += t.refused;
    total.wrong += t.wrong;
  }
  return total;
}

/** One row per perturbation: correct/refused/wrong (correct %) for booty and each baseline that ran. */
export function formatTable(result: BenchResult): string {
  const tools = TOOLS.filter((tool) => result.rows.some((row) => row.tallies[tool] !== undefined));
  const header = ["input", "n", ...tools];
  const lines = result.rows.map((row) => {
    const n = sum([row.tallies.booty ?? row.tallies["booty (text)"]]);
    return [row.perturbation, String(n.correct + n.refused + n.wrong), ...tools.map((t) => cell(row.tallies[t]))];
  });
  const all = sum(result.rows.map((row) => row.tallies.booty));
  const overall = [
    "overall (booty)",
    String(all.correct + all.refused + all.wrong),
    cell(all),
    ...tools.slice(1).map((t) => cell(sum(result.rows.map((row) => row.tallies[t])))),
  ];
  const table = [header, ...lines, overall];
  const widths = header.map((_, i) => Math.max(...table.map((row) => (row[i] ?? "").length)));
  const render = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const rule = `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`;
  const rungs = Object.entries(result.rungs)
    .map(([rung, n]) => `${rung} ${n}`)
    .join(", ");
  return [
    `${result.cases} patches (${result.skipped.length} skipped); cells are correct/refused/wrong (correct %)`,
    render(header),
    rule,
    ...lines.map(render),
    render(overall),
    `booty's rungs on correct results: ${rungs}`,
    ...(result.wrong.length > 0 ? [`booty wrong: ${result.wrong.join("; ")}`] : []),
  ].join("\n");
}
