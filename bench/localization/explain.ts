/**
 * `node bench/localization/explain.ts --repos DIR [--only ID,ID] [--top N] [--checkouts DIR]`
 * Prints, per instance, booty's ranking with its reasons and where the gold files landed: for studying
 * misses. With --checkouts, `DIR/<instance_id>/` (an extracted tree) and `DIR/<instance_id>.files` (NUL-separated
 * paths) are used instead of a fresh worktree, which makes repeated runs fast.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { localize } from "../../src/localize/index.ts";
import { bareRepoFor, withCheckout } from "./repos.ts";
import { type Instance, readInstances } from "./run.ts";

const here = dirname(new URL(import.meta.url).pathname);
const { values } = parseArgs({
  options: {
    repos: { type: "string" },
    data: { type: "string" },
    only: { type: "string" },
    top: { type: "string" },
    checkouts: { type: "string" },
    summary: { type: "boolean" },
  },
});
const dataFile = values.data ?? resolve(here, "../../../shared/bench/localization/swebench-lite-dev.jsonl");
const only = values.only ? new Set(values.only.split(",")) : null;
const top = Number(values.top ?? 40);
const instances = readInstances(dataFile).filter((i) => !only || only.has(i.instance_id));

async function explain(inst: Instance, root: string, files: string[]): Promise<void> {
  const r = await localize({ root, files, issue: { title: "", body: inst.problem_statement }, top, budget: 27_000 });
  const paths = r.files.map((f) => f.path);
  const ranks = inst.gold_files.map((g) => paths.indexOf(g) + 1 || "-");
  process.stdout.write(`${inst.instance_id}  gold ${inst.gold_files.map((g, i) => `${g}@${ranks[i]}`).join(" ")}\n`);
  if (values.summary) return;
  r.files.forEach((f, i) => {
    const mark = inst.gold_files.includes(f.path) ? "*" : " ";
    process.stdout.write(
      `${mark}${String(i + 1).padStart(3)} ${f.score.toFixed(3)} ${f.path}  ${f.reasons.join("; ")}\n`,
    );
  });
}

for (const inst of instances) {
  const dir = values.checkouts ? join(values.checkouts, inst.instance_id) : null;
  if (dir && existsSync(dir)) {
    const files = readFileSync(`${dir}.files`, "utf8").split("\0").filter(Boolean);
    await explain(inst, dir, files);
    continue;
  }
  const bare = values.repos ? bareRepoFor(values.repos, inst.repo) : null;
  if (!bare) {
    process.stderr.write(`${inst.instance_id}: no repository\n`);
    continue;
  }
  await withCheckout(bare, inst.base_commit, (root, files) => explain(inst, root, files));
}
