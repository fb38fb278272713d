/** Runs every case through every input derivation and every applier, and tallies the outcomes. */
import { parseDiff } from "../../src/pipeline/apply/diff/parse.ts";
import { runGit } from "../../src/workspace/git.ts";
import { bareRepoFor } from "../localization/repos.ts";
import type { Case } from "./cases.ts";
import {
  blocksOf,
  DIFF_PERTURBATIONS,
  dropContextLine,
  EDIT_PERTURBATIONS,
  ELISION_CONTEXT,
  elide,
  type FileEdit,
  type Input,
  type Perturbation,
  perturbBlock,
  shiftDiff,
} from "./derive.ts";
import { ESCAPING_ROWS, escapingOutcomes } from "./escaping-run.ts";
import { viaText } from "./text.ts";

type EscapingRow = (typeof ESCAPING_ROWS)[number];

import { bootyDiff, bootyEdits, exactOnlyEdits, gitApply, type Outcome, patchFuzz, type Tree } from "./tools.ts";

export type Verdict = "correct" | "refused" | "wrong";
export type Tally = Record<Verdict, number>;

export interface BenchResult {
  cases: number;
  skipped: string[];
  /** Per perturbation, per applier ("booty", "exact-only", "git apply", "patch --fuzz=3"). */
  rows: { perturbation: Perturbation | EscapingRow; tallies: Record<string, Tally> }[];
  /** booty's wrong results, to look at: case, perturbation. */
  wrong: string[];
  /** booty's refusals with their first line, to look at. */
  refusals: string[];
  /** How many edits or hunks each rung placed, over all of booty's correct results. */
  rungs: Record<string, number>;
}

export interface BenchOptions {
  cases: readonly Case[];
  reposDir: string;
  /** Baselines to run; a missing tool is left out. */
  baselines?: { gitApply: boolean; patch: boolean };
  progress?: ((line: string) => void) | undefined;
}

export async function runBenchmark(options: BenchOptions): Promise<BenchResult> {
  const baselines = options.baselines ?? { gitApply: true, patch: true };
  const rows = new Map<Perturbation, Record<string, Tally>>();
  const result: BenchResult = { cases: 0, skipped: [], rows: [], wrong: [], refusals: [], rungs: {} };
  for (const [index, c] of options.cases.entries()) {
    const label = `${c.id} (${c.agent})`;
    const bare = bareRepoFor(options.reposDir, c.repo);
    if (bare === null) {
      result.skipped.push(`${label}: no repository for ${c.repo}`);
      continue;
    }
    const prepared = await prepare(bare, c);
    if (typeof prepared === "string") {
      result.skipped.push(`${label}: ${prepared}`);
      continue;
    }
    result.cases++;
    options.progress?.(`${index + 1}/${options.cases.length} ${label}`);
    const { base, intended, paths } = prepared;
    for (const [perturbation, input] of derive(c, prepared, index)) {
      const tallies = rows.get(perturbation) ?? {};
      rows.set(perturbation, tallies);
      const score = (tool: string, outcome: Outcome) => {
        const verdict = judge(outcome, intended);
        const tally = tallies[tool] ?? { correct: 0, refused: 0, wrong: 0 };
        tallies[tool] = tally;
        tally[verdict]++;
        const ours = tool.startsWith("booty");
        if (ours && verdict === "wrong") result.wrong.push(`${label} ${perturbation} (${tool})`);
        if (ours && !outcome.ok) result.refusals.push(`${label} ${perturbation} (${tool}): ${outcome.error}`);
        if (tool === "booty" && verdict === "correct" && outcome.ok) {
          for (const rung of outcome.rungs) result.rungs[rung] = (result.rungs[rung] ?? 0) + 1;
        }
      };
      score("booty (text)", viaText(base, input));
      if (input.kind === "edits") {
        score("booty", bootyEdits(base, input.files));
        score("exact-only", exactOnlyEdits(base, input.files));
      } else {
        score("booty", bootyDiff(base, input.diff));
        if (baselines.gitApply) score("git apply", await gitApply(base, input.diff, paths));
        if (baselines.patch) score("patch --fuzz=3", await patchFuzz(base, input.diff, paths));
      }
    }
  }
  const order: Perturbation[] = [...EDIT_PERTURBATIONS, ...DIFF_PERTURBATIONS];
  result.rows = order.flatMap((p) => (rows.has(p) ? [{ perturbation: p, tallies: rows.get(p) ?? {} }] : []));
  await addEscaping(result);
  return result;
}

/** The escaping cases need no repository: one row per way of writing them, booty's text input only. */
async function addEscaping(result: BenchResult): Promise<void> {
  const rows = new Map<EscapingRow, Tally>();
  for (const { row, label, outcome, intended } of await escapingOutcomes()) {
    const tally = rows.get(row) ?? { correct: 0, refused: 0, wrong: 0 };
    rows.set(row, tally);
    const verdict = judge(outcome, intended);
    tally[verdict]++;
    if (verdict === "wrong") result.wrong.push(`${row} ${label}`);
    if (!outcome.ok) result.refusals.push(`${row} ${label}: ${outcome.error}`);
  }
  for (const row of ESCAPING_ROWS)
    result.rows.push({
      perturbation: row,
      tallies: { "booty (text)": rows.get(row) ?? { correct: 0, refused: 0, wrong: 0 } },
    });
}

function judge(outcome: Outcome, intended: Tree): Verdict {
  if (!outcome.ok) return "refused";
  for (const [path, text] of Object.entries(intended)) if ((outcome.files[path] ?? null) !== text) return "wrong";
  return "correct";
}

interface Prepared {
  base: Tree;
  intended: Tree;
  paths: string[];
}

/** The touched files at the base commit, and after `git apply` of the original patch (the intended result). */
async function prepare(bare: string, c: Case): Promise<Prepared | string> {
  let patches: ReturnType<typeof parseDiff>;
  try {
    patches = parseDiff(c.patch, c.id);
  } catch (error) {
    return `patch does not parse: ${(error as Error).message}`;
  }
  const paths = [...new Set(patches.flatMap((p) => [p.oldPath, p.newPath].filter((x): x is string => x !== null)))];
  const base: Tree = {};
  for (const path of paths) {
    base[path] = await runGit(["--git-dir", bare, "show", `${c.baseCommit}:${path}`], { cwd: bare }).then(
      (r) => r.stdout,
      () => null,
    );
  }
  const applied = await gitApply(base, c.patch, paths);
  if (!applied.ok) return `the original patch does not apply with git apply: ${applied.error}`;
  if (patches.some((p) => p.binary)) return "binary patch";
  return { base, intended: applied.files, paths };
}

/** Every input derived from the case's patch, by perturbation. */
function derive(c: Case, { base, intended }: Prepared, index: number): [Perturbation, Input][] {
  const patches = parseDiff(c.patch, c.id);
  const out: [Perturbation, Input][] = [];
  for (const kind of EDIT_PERTURBATIONS) {
    const files: Record<string, FileEdit> = {};
    let possible = true;
    for (const patch of patches) {
      const path = patch.newPath ?? patch.oldPath ?? "";
      if (patch.newPath === null) files[path] = { kind: "delete" };
      else if (patch.oldPath === null || patch.oldPath !== patch.newPath) {
        // New and renamed files are written whole, by booty and the baseline alike.
        files[path] = { kind: "content", content: intended[path] ?? "" };
        if (patch.oldPath !== null) files[patch.oldPath] = { kind: "delete" };
      } else {
        const source = base[path] ?? "";
        const blocks = blocksOf(source, patch, kind === "elided-middle" ? ELISION_CONTEXT : 0);
        const edits = blocks.map((block) =>
          kind === "elided-middle" ? elide(block, "# ... existing code ...") : perturbBlock(kind, block),
        );
        if (edits.some((edit) => edit === undefined)) possible = false;
        files[path] = { kind: "edits", edits: edits.filter((e) => e !== undefined) };
      }
    }
    if (possible) out.push([kind, { kind: "edits", files }]);
  }
  out.push(["diff", { kind: "diff", diff: c.patch }]);
  out.push(["diff-shifted-20", { kind: "diff", diff: shiftDiff(c.patch, index % 2 === 0 ? 20 : -20) }]);
  const dropped = dropContextLine(c.patch);
  if (dropped !== undefined) out.push(["diff-context-dropped", { kind: "diff", diff: dropped }]);
  return out;
}
