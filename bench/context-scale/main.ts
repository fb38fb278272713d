/**
 * `npm run bench:context-scale [-- --files 50000]`: ranking time with a cold and a warm per-commit index on a
 * generated repository, next to the floor (reading every tracked file once). Goals: cold ≤ 3 s, warm ≤ 0.5 s,
 * peak memory ≤ 1 GB. Each phase runs in a fresh process; times exclude process start and `git ls-files`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateRepo } from "./generate.ts";

const { values } = parseArgs({ options: { files: { type: "string" } } });
const count = Number(values.files ?? 50_000);
const dir = mkdtempSync(join(tmpdir(), "booty-scale-"));
const root = join(dir, "repo");
const cacheDir = join(dir, "index");
try {
  const t0 = performance.now();
  execFileSync("mkdir", [root]);
  const { commit } = generateRepo(root, count);
  process.stdout.write(`generated ${count} files in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  // Generating leaves about half a gigabyte of files and git objects for the kernel to write back; flushed
  // first, so that the writeback does not compete with the measured phases.
  execFileSync("sync");
  const phase = (mode: string) => {
    const out = execFileSync(process.execPath, [join(import.meta.dirname, "phase.ts"), mode, root, cacheDir, commit], {
      encoding: "utf8",
    });
    return JSON.parse(out.trim().split("\n").pop() ?? "{}") as { ms: number; maxRssMb: number };
  };
  // Page cache warm for all phases alike: the floor run first reads everything once.
  phase("floor");
  const floor = phase("floor");
  const cold = phase("rank");
  const warm = phase("rank");
  const rows = [
    ["phase", "ms", "peak RSS MB", "goal"],
    ["read every file (floor)", String(floor.ms), String(floor.maxRssMb), ""],
    [
      "rank, cold index",
      String(cold.ms),
      String(cold.maxRssMb),
      `<= 3000 ms, <= 1024 MB: ${cold.ms <= 3000 && cold.maxRssMb <= 1024 ? "ok" : "MISSED"}`,
    ],
    ["rank, warm index", String(warm.ms), String(warm.maxRssMb), `<= 500 ms: ${warm.ms <= 500 ? "ok" : "MISSED"}`],
  ];
  for (const r of rows)
    process.stdout.write(
      `${(r[0] ?? "").padEnd(26)}${(r[1] ?? "").padStart(8)}${(r[2] ?? "").padStart(13)}  ${r[3]}\n`,
    );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
