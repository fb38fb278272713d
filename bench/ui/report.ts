import type { Cpu } from "./cpu.ts";
import { type IntakeRound, SCENES, type Scene } from "./intake.ts";
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

const SCENE_NAMES: Record<Scene, string> = {
  idle: "idle",
  live: "pages open, live",
  loop: "readers, a loop",
  flood: "readers, flooding",
};
const signed = (pct: number) => `${pct >= 0 ? "+" : ""}${pct.toFixed(1)} %`;

/**
 * The intake's figures in each scene, the medians over the rounds, and p99's change from the idle
 * dashboard's: of the medians, and the median of each round's own change (its bursts ran side by side).
 */
export function printIntake(out: Out, name: string, rounds: IntakeRound[], load: string): void {
  const idleP99 = median(rounds.map((r) => r.idle.load.p99));
  // How far the idle dashboard's own p99 strays from round to round: a change within that is not the dashboard's.
  const idles = rounds.map((r) => r.idle.load.p99);
  const noise = Math.min(...idles) > 0 ? (Math.max(...idles) / Math.min(...idles) - 1) * 100 : 0;
  const told = (pct: number) => (Math.abs(pct) < noise ? ", within the noise" : "");
  out(`${name} (${load})`);
  out(
    "  dashboard          deliveries/s   p50 ms   p99 ms   p99 each round           p99 change (paired)   readers' pages each round (p95 ms)",
  );
  for (const scene of SCENES) {
    const bursts = rounds.map((r) => r[scene]);
    const p99 = median(bursts.map((b) => b.load.p99));
    const change = idleP99 > 0 ? ((p99 - idleP99) / idleP99) * 100 : 0;
    const paired = median(
      rounds.map((r) => (r.idle.load.p99 > 0 ? (r[scene].load.p99 / r.idle.load.p99 - 1) * 100 : 0)),
    );
    const verdict =
      scene === "idle" ? "" : `${signed(change)} (${signed(paired)}) ${change <= 10 ? "met" : "MISSED"}${told(change)}`;
    const served =
      scene === "idle"
        ? ""
        : `${bursts.map((b) => b.readerPages).join(" ")} (${median(bursts.map((b) => b.readerP95)).toFixed(1)})`;
    out(
      `  ${SCENE_NAMES[scene].padEnd(18)} ${median(bursts.map((b) => b.load.perSecond))
        .toFixed(0)
        .padStart(12)} ${ms(median(bursts.map((b) => b.load.p50)), 8)} ${ms(p99, 8)}   ${bursts
        .map((b) => b.load.p99.toFixed(1))
        .join(" ")
        .padEnd(24)} ${verdict.padEnd(21)} ${served}`,
    );
  }
  out("  goal: p99 moves by at most +10 % from the idle dashboard's (met/MISSED above); flooding is the stress case");
  printCpu(out, rounds);
  out(
    `  noise: the idle dashboard's p99 ranged ${Math.min(...idles).toFixed(1)}–${Math.max(...idles).toFixed(1)} ms over the rounds (${noise.toFixed(0)} %); a change within that cannot be told from the machine's other load`,
  );
}

/**
 * The CPU time each burst cost (medians), and what the dashboard added to the idle one's in the same round:
 * a latency moves with whatever else the machine runs, CPU time hardly does, so this is the steadier sign.
 */
function printCpu(out: Out, rounds: IntakeRound[]): void {
  const total = (c: Cpu) => c.service + c.database + c.readers;
  out("  CPU s a burst      service  database   readers     total   the dashboard's (total - idle's, paired)");
  for (const scene of SCENES) {
    const cpus = rounds.map((r) => r[scene].cpu);
    const s = (f: (c: Cpu) => number, w = 9) => (median(cpus.map(f)) / 1000).toFixed(2).padStart(w);
    const extra = median(rounds.map((r) => total(r[scene].cpu) - total(r.idle.cpu))) / 1000;
    const added = scene === "idle" ? "" : `${extra >= 0 ? "+" : ""}${extra.toFixed(2)} s`;
    out(
      `  ${SCENE_NAMES[scene].padEnd(18)} ${s((c) => c.service, 7)} ${s((c) => c.database)} ${s((c) => c.readers)} ${s(total)}   ${added}`,
    );
  }
}
