import type { IntakeRound } from "./intake.ts";
import type { PageFigures } from "./pages.ts";
import { median } from "./stats.ts";

type Out = (line: string) => void;
const ms = (n: number, width = 7) => n.toFixed(1).padStart(width);

/** One line a page: server-side and round-trip p50/p95 in ms, and the goal on the server-side p95. */
export function printPages(out: Out, { rows, missing }: { rows: PageFigures[]; missing: string[] }): void {
  out("page                    server p50     p95   client p50     p95   goal (server p95)");
  for (const r of rows) {
    const met = r.server.p95 <= r.goal ? "met" : "MISSED";
    const goal =
      r.label === "totals" ? `${r.goal} ms (as the lists; the issue sets none) ${met}` : `${r.goal} ms ${met}`;
    out(
      `${r.label.padEnd(22)} ${ms(r.server.p50, 11)} ${ms(r.server.p95)} ${ms(r.client.p50, 12)} ${ms(r.client.p95)}   ${goal}`,
    );
  }
  for (const path of missing) out(`totals: ${path} is not served yet (404): not measured`);
}

/** The intake's figures with the dashboard idle and read, the medians over the rounds, and p99's change. */
export function printIntake(out: Out, name: string, rounds: IntakeRound[], load: string): void {
  const side = (pick: (r: IntakeRound) => IntakeRound["off"]) => ({
    perSecond: median(rounds.map((r) => pick(r).perSecond)),
    p50: median(rounds.map((r) => pick(r).p50)),
    p99: median(rounds.map((r) => pick(r).p99)),
    each: rounds.map((r) => pick(r).p99.toFixed(1)).join(" "),
  });
  const off = side((r) => r.off);
  const on = side((r) => r.on);
  const change = off.p99 > 0 ? ((on.p99 - off.p99) / off.p99) * 100 : 0;
  // Paired per round too: each round's two bursts ran in the same process, one after the other.
  const paired = median(rounds.map((r) => (r.off.p99 > 0 ? ((r.on.p99 - r.off.p99) / r.off.p99) * 100 : 0)));
  const pages = rounds.map((r) => r.readerPages).join(" ");
  const readerP95 = median(rounds.map((r) => r.readerP95));
  out(`${name} (${load})`);
  out("  dashboard      deliveries/s   p50 ms   p99 ms   p99 each round       readers' pages each round (p95 ms)");
  out(
    `  idle           ${off.perSecond.toFixed(0).padStart(12)} ${ms(off.p50, 8)} ${ms(off.p99, 8)}   ${off.each.padEnd(20)}`,
  );
  out(
    `  being read     ${on.perSecond.toFixed(0).padStart(12)} ${ms(on.p50, 8)} ${ms(on.p99, 8)}   ${on.each.padEnd(20)} ${pages} (${readerP95.toFixed(1)})`,
  );
  const verdict = (pct: number) => `${pct >= 0 ? "+" : ""}${pct.toFixed(1)} %`;
  out(
    `  p99 change: ${verdict(change)} of the medians, ${verdict(paired)} median of the rounds' pairs; goal ≤ +10 %: ${change <= 10 ? "met" : "MISSED"}`,
  );
}
