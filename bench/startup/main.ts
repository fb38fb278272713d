/**
 * `npm run bench:startup [-- --runs 15]`: how long the CLI takes to answer before doing any work, next to
 * the floor (`node -e 0`, the same Node). Goal: `--help` and `--version` within 0.3 s. Medians over N runs,
 * each a fresh process, run in turn so that a busy moment of the machine touches every command alike.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { runs: { type: "string" } } });
const runs = Math.max(1, Number(values.runs ?? 15));
const bin = join(import.meta.dirname, "../../bin/booty.js");
const GOAL_MS = 300;

const cases: { label: string; args: string[]; goal: boolean }[] = [
  { label: "node -e 0 (floor)", args: ["-e", "0"], goal: false },
  { label: "booty --version", args: [bin, "--version"], goal: true },
  { label: "booty --help", args: [bin, "--help"], goal: true },
  { label: "booty run --help", args: [bin, "run", "--help"], goal: true },
  { label: "booty context --help", args: [bin, "context", "--help"], goal: true },
];

const samples = new Map<string, number[]>(cases.map((c) => [c.label, []]));
for (let i = 0; i < runs; i++) {
  for (const c of cases) {
    const started = performance.now();
    const result = spawnSync(process.execPath, c.args, { stdio: "ignore" });
    const ms = performance.now() - started;
    if (result.status !== 0) throw new Error(`${c.label} exited with ${result.status}`);
    samples.get(c.label)?.push(ms);
  }
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const floor = median(samples.get(cases[0]?.label ?? "") ?? []);
process.stdout.write(
  `${"command".padEnd(24)}${"median ms".padStart(10)}${"min ms".padStart(9)}${"- floor".padStart(9)}  goal\n`,
);
for (const c of cases) {
  const xs = samples.get(c.label) ?? [];
  const med = median(xs);
  const goal = c.goal ? `<= ${GOAL_MS} ms: ${med <= GOAL_MS ? "ok" : "MISSED"}` : "";
  process.stdout.write(
    `${c.label.padEnd(24)}${med.toFixed(0).padStart(10)}${Math.min(...xs)
      .toFixed(0)
      .padStart(9)}${(med - floor).toFixed(0).padStart(9)}  ${goal}\n`,
  );
}
process.stdout.write(`${runs} runs each, Node ${process.versions.node}\n`);
