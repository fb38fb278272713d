/**
 * `npm run bench:localization -- --repos DIR [--data FILE] [--only ID,ID]`
 * DIR holds the benchmark's repositories as bare git repositories (`owner+name/repo` as booty's fetch
 * leaves them, or `owner/name.git`); BOOTY_BENCH_REPOS is read when --repos is absent. Nothing is fetched.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { readInstances, runBenchmark } from "./run.ts";
import { formatTable } from "./table.ts";

const here = dirname(new URL(import.meta.url).pathname);
const defaultData = resolve(here, "../../../shared/bench/localization/swebench-lite-dev.jsonl");
const { values } = parseArgs({
  options: {
    repos: { type: "string" },
    data: { type: "string" },
    only: { type: "string" },
    verbose: { type: "boolean" },
  },
});
const reposDir = values.repos ?? process.env.BOOTY_BENCH_REPOS;
if (!reposDir) {
  process.stderr.write("bench:localization needs --repos DIR or BOOTY_BENCH_REPOS (a folder of bare repositories)\n");
  process.exit(2);
}
const dataFile = values.data ?? defaultData;
const only = values.only ? new Set(values.only.split(",")) : null;
const instances = readInstances(dataFile).filter((i) => !only || only.has(i.instance_id));
const examplePatch = readFileSync(join(dirname(dataFile), "swebench-patch-example.txt"), "utf8");
const started = Date.now();
const result = await runBenchmark({
  instances,
  reposDir,
  examplePatch,
  progress: values.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
});
process.stdout.write(`${formatTable(result)}\n`);
if (values.verbose) {
  for (const p of result.perInstance) {
    process.stdout.write(
      `${p.id}  gold=${p.gold.join(",")}\n  booty: ${p.booty.join(" ")}\n  bm25:  ${p.bm25.join(" ")}\n`,
    );
  }
}
process.stdout.write(`(${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
