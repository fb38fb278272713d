import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { casesOf, type Evaluation } from "./cases.ts";
import { DIFF_PERTURBATIONS, EDIT_PERTURBATIONS } from "./derive.ts";
import { ESCAPING_ROWS } from "./escaping-run.ts";
import { runBenchmark } from "./run.ts";
import { formatTable } from "./table.ts";
import { available } from "./tools.ts";

const here = import.meta.dirname;
const root = mkdtempSync(join(tmpdir(), "booty-bench-edits-fixture-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** The committed fixture as a bare repository `acme+shop/repo`, the way fetched mirrors are laid out. */
function fixtureRepos(): { reposDir: string; commit: string } {
  const work = join(root, "work");
  cpSync(join(here, "fixture/base"), work, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: work, encoding: "utf8" }).trim();
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "base");
  const reposDir = join(root, "repos");
  mkdirSync(join(reposDir, "acme+shop"), { recursive: true });
  execFileSync("git", ["clone", "-q", "--bare", work, join(reposDir, "acme+shop", "repo")]);
  return { reposDir, commit: git("rev-parse", "HEAD") };
}

test("the benchmark derives every input from a patch and scores booty and the baselines on it", async () => {
  const { reposDir, commit } = fixtureRepos();
  const raw = readFileSync(join(here, "fixture/evaluations.json"), "utf8").replaceAll("BASE", commit);
  const evaluations = JSON.parse(raw) as Evaluation[];
  const cases = casesOf(evaluations, new Set(["acme__shop-1", "other__x-1"]));
  const patch = await available("patch");
  const result = await runBenchmark({ cases, reposDir, baselines: { gitApply: true, patch } });
  assert.equal(result.cases, 1);
  assert.deepEqual(result.skipped, ["other__x-1 (agent-b): no repository for other/x"]);
  assert.deepEqual(
    result.rows.map((row) => row.perturbation),
    [...EDIT_PERTURBATIONS, ...DIFF_PERTURBATIONS, ...ESCAPING_ROWS],
  );
  for (const row of result.rows.slice(0, -ESCAPING_ROWS.length)) {
    assert.deepEqual(row.tallies.booty, { correct: 1, refused: 0, wrong: 0 }, row.perturbation);
    // The same input as a plain-text answer, through the parser: as good as the structured one.
    assert.deepEqual(row.tallies["booty (text)"], { correct: 1, refused: 0, wrong: 0 }, row.perturbation);
  }
  const escaping = Object.fromEntries(
    result.rows.slice(-4).map((row) => [row.perturbation, row.tallies["booty (text)"]]),
  );
  for (const row of ["escaping: blocks", "escaping: whole file", "escaping: udiff"]) {
    assert.deepEqual(escaping[row], { correct: 8, refused: 0, wrong: 0 }, row);
  }
  // Naive markers: the file tells which ======= divides; a Markdown file in a too-short fence is refused, never wrong.
  assert.deepEqual(escaping["escaping: naive markers"], { correct: 15, refused: 1, wrong: 0 });
  assert.deepEqual(result.wrong, []);
  const byName = Object.fromEntries(result.rows.map((row) => [row.perturbation, row.tallies]));
  assert.deepEqual(byName.exact?.["exact-only"], { correct: 1, refused: 0, wrong: 0 });
  assert.deepEqual(byName.indentation?.["exact-only"], { correct: 0, refused: 1, wrong: 0 });
  assert.deepEqual(byName["diff-context-dropped"]?.["git apply"], { correct: 0, refused: 1, wrong: 0 });
  assert.ok((result.rungs.indentation ?? 0) > 0 && (result.rungs.elision ?? 0) > 0);
  const table = formatTable(result);
  assert.match(table, /^\| exact +\| 1 +\| 1\/0\/0 \(100\.0%\) +\| 1\/0\/0 \(100\.0%\)/m);
  assert.match(table, /^\| overall \(booty\) +\| 9 +\| 9\/0\/0 \(100\.0%\) +\| 48\/1\/0 \(98\.0%\)/m);
});
