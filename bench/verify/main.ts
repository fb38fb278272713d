/**
 * `npm run bench:verify [-- --only FAMILY,FAMILY] [--reps N] [--no-timing]`
 * booty's verdicts against the truth on a generated corpus (every scenario a real pipeline run on a temp
 * repository, the script model, the real sandbox), model calls spent before a cannot-run stop, the
 * sandbox's cost and the setup cache's gain. Reads nothing from the network.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../../src/config/index.ts";
import { offlineInstallProblem, planFamilies, runCorpus } from "./bench.ts";
import { go, rust } from "./langs/compiled.ts";
import { javascript, typescript } from "./langs/node.ts";
import { pytest, unittest } from "./langs/python.ts";
import { expectedVerdict, formatMatrix, tally } from "./matrix.ts";
import { hasReproduceStep, type Outcome } from "./run.ts";
import { scenariosFor, setupScenario } from "./scenarios.ts";
import { formatSetup, setupJobs } from "./setup.ts";
import { compareSandbox, formatSandboxTimings } from "./timing.ts";

const { values } = parseArgs({
  options: { only: { type: "string" }, reps: { type: "string", default: "5" }, "no-timing": { type: "boolean" } },
});
const out = (line = "") => process.stdout.write(`${line}\n`);
const env = { ...process.env };
const started = performance.now();
const probeDir = mkdtempSync(join(tmpdir(), "booty-bench-config-"));
const config = loadConfig({ ...env, BOOTY_SANDBOX: "bwrap" }, { model: "script:unused.yml", dataDir: probeDir });
rmSync(probeDir, { recursive: true, force: true });

const only = values.only ? new Set(values.only.split(",")) : null;
const langs = [pytest, unittest, javascript, typescript, rust, go].filter((l) => !only || only.has(l.family));
const reproduceStep = hasReproduceStep();
out(`bench:verify — node ${process.version}; reproduce step on this checkout: ${reproduceStep ? "yes" : "no"}`);
for (const pkg of ["vitest", "jest"])
  out(
    `skipped ${pkg}: ${offlineInstallProblem(pkg) ?? "installable offline, but this bench has no family for it yet"}`,
  );
const plans = await planFamilies(langs, config);
for (const p of plans)
  if (p.mode !== "bwrap") out(`${p.mode === "skip" ? "skipped" : "unsandboxed"} ${p.lang.family}: ${p.reason}`);

const corpus = plans
  .filter((p) => p.mode !== "skip")
  .flatMap((p) => scenariosFor(p.lang).map((scenario) => ({ scenario, sandbox: p.mode as "bwrap" | "none" })));
out(`\n${corpus.length} scenarios`);
const outcomes = await runCorpus(corpus, { env, reproduceStep }, (o, ms) => {
  const ok = o.verdict === expectedVerdict(o.scenario) ? "ok " : "BAD";
  const rounds = o.rounds.map((p) => (p ? "pass" : "fail")).join(",");
  out(
    `  ${ok} ${o.scenario.name.padEnd(52)} truth ${o.scenario.truth.padEnd(10)} booty ${o.verdict.padEnd(10)} calls ${o.calls} rounds [${rounds}] ${(ms / 1000).toFixed(1)} s`,
  );
});

const sandboxedFamilies = new Set(plans.filter((p) => p.mode === "bwrap").map((p) => p.lang.family));
const pending = (o: Outcome) => o.scenario.reproduction === true && !reproduceStep;
const groups: [string, Outcome[]][] = [
  ["sandboxed (bubblewrap)", outcomes.filter((o) => sandboxedFamilies.has(o.scenario.family) && !pending(o))],
  [
    "unsandboxed (their toolchain cannot run in the sandbox here)",
    outcomes.filter((o) => !sandboxedFamilies.has(o.scenario.family) && !pending(o)),
  ],
  [
    "reproduction scenarios, run WITHOUT the reproduce step (not on this checkout yet): a wrong fix no existing test covers",
    outcomes.filter(pending),
  ],
];
for (const [title, group] of groups)
  if (group.length > 0)
    out(`\n${formatMatrix(`confusion matrix — ${title}: ${group.length} scenarios`, tally(group))}`);

if (!values["no-timing"]) {
  const reps = Number(values.reps);
  const timed = plans.filter((p) => p.mode !== "skip").map((p) => p.lang);
  out(`\n${formatSandboxTimings(await compareSandbox(timed, config, reps), reps)}`);
  const setup = "python3 -m venv .venv";
  const s = setupScenario(unittest, setup, ".venv/bin/python -m unittest discover -s tests -t . -v");
  out(`\n${formatSetup(setup, await setupJobs(s, env))}`);
}
out(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
