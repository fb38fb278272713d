import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { countCl100k, localize, renderFile } from "../../src/localize/index.ts";
import { blobKeys } from "../../src/workspace/blob-ids.ts";
import { bm25Candidates, bm25Rank } from "./bm25.ts";
import { accAt, mean, recall } from "./metrics.ts";
import { findReadme, promptOverhead } from "./prompt.ts";
import { bareRepoFor, withCheckout } from "./repos.ts";

export interface Instance {
  instance_id: string;
  repo: string;
  base_commit: string;
  problem_statement: string;
  gold_files: string[];
}

export interface MethodScores {
  acc: Record<number, number>;
  recall: Record<number, number>;
  /** booty only: recall counting whole files alone (regions not credited). */
  recallWhole?: Record<number, number>;
}

export interface BenchResult {
  instances: number;
  skipped: string[];
  booty: MethodScores;
  bm25: MethodScores;
  perInstance: { id: string; gold: string[]; booty: string[]; bm25: string[] }[];
}

export const KS = [1, 3, 5];
export const BUDGETS = [13_000, 27_000, 50_000];

export function readInstances(file: string): Instance[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Instance);
}

function readText(root: string, path: string): string {
  try {
    return readFileSync(join(root, path), "utf8");
  } catch {
    return "";
  }
}

/** Greedy packing of whole rendered files, skipping what does not fit (the protocol of SWE-bench's Table 3). */
function packWhole(
  root: string,
  ranked: readonly string[],
  budget: number,
  overhead: number,
  counts: Map<string, number>,
): string[] {
  const packed: string[] = [];
  let used = overhead;
  for (const path of ranked) {
    if (budget - used <= 0) break;
    let t = counts.get(path);
    if (t === undefined) {
      t = countCl100k(renderFile(path, readText(root, path)));
      counts.set(path, t);
    }
    if (used + t <= budget) {
      packed.push(path);
      used += t;
    }
  }
  return packed;
}

export async function runBenchmark(opts: {
  instances: Instance[];
  reposDir: string;
  examplePatch: string;
  progress?: (line: string) => void;
}): Promise<BenchResult> {
  const rows: {
    id: string;
    gold: string[];
    booty: string[];
    bm25: string[];
    bootyPacked: Record<number, { whole: string[]; any: string[] }>;
    bm25Packed: Record<number, string[]>;
  }[] = [];
  const skipped: string[] = [];
  const cacheDir = await mkdtemp(join(tmpdir(), "booty-bench-index-"));
  try {
    for (const inst of opts.instances) {
      const bare = bareRepoFor(opts.reposDir, inst.repo);
      if (!bare) {
        skipped.push(`${inst.instance_id} (no repository for ${inst.repo})`);
        continue;
      }
      const row = await withCheckout(bare, inst.base_commit, async (root, files) => {
        const readme = findReadme(files);
        const overheadText = promptOverhead(
          inst.problem_statement,
          readme ? { path: readme, text: readText(root, readme) } : null,
          opts.examplePatch,
        );
        const overhead = countCl100k(overheadText);
        const docs = new Map(bm25Candidates(files).map((f) => [f, readText(root, f)]));
        const bm25 = bm25Rank(docs, inst.problem_statement).map((r) => r.path);
        const counts = new Map<string, number>();
        const bm25Packed: Record<number, string[]> = {};
        for (const b of BUDGETS) bm25Packed[b] = packWhole(root, bm25, b, overhead, counts);
        const bootyPacked: Record<number, { whole: string[]; any: string[] }> = {};
        let booty: string[] = [];
        for (const b of BUDGETS) {
          // The issue is counted by localize itself; the rest of the prompt is reserved.
          const reserve = overhead - countCl100k(inst.problem_statement);
          const r = await localize({
            root,
            files,
            issue: { title: "", body: inst.problem_statement },
            budget: b,
            top: 10,
            reserveTokens: reserve,
            cacheDir,
            listBlobs: blobKeys,
            commit: inst.base_commit,
          });
          booty = r.files.map((f) => f.path);
          bootyPacked[b] = {
            whole: r.packed.filter((p) => !p.partial).map((p) => p.path),
            any: r.packed.map((p) => p.path),
          };
        }
        return { id: inst.instance_id, gold: inst.gold_files, booty, bm25, bootyPacked, bm25Packed };
      });
      rows.push(row);
      opts.progress?.(
        `${row.id}: booty ${row.booty.indexOf(row.gold[0] ?? "") + 1 || "-"} bm25 ${row.bm25.indexOf(row.gold[0] ?? "") + 1 || "-"}`,
      );
    }
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
  const score = (ranked: (r: (typeof rows)[number]) => string[]) =>
    Object.fromEntries(KS.map((k) => [k, mean(rows.map((r) => accAt(ranked(r), r.gold, k)))]));
  return {
    instances: rows.length,
    skipped,
    booty: {
      acc: score((r) => r.booty),
      recall: Object.fromEntries(
        BUDGETS.map((b) => [b, mean(rows.map((r) => recall(r.bootyPacked[b]?.any ?? [], r.gold)))]),
      ),
      recallWhole: Object.fromEntries(
        BUDGETS.map((b) => [b, mean(rows.map((r) => recall(r.bootyPacked[b]?.whole ?? [], r.gold)))]),
      ),
    },
    bm25: {
      acc: score((r) => r.bm25),
      recall: Object.fromEntries(BUDGETS.map((b) => [b, mean(rows.map((r) => recall(r.bm25Packed[b] ?? [], r.gold)))])),
    },
    perInstance: rows.map((r) => ({ id: r.id, gold: r.gold, booty: r.booty.slice(0, 5), bm25: r.bm25.slice(0, 5) })),
  };
}
