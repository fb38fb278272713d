import type { ReproductionTest } from "../../model/schemas/index.ts";
import type { Sandbox } from "../../sandbox/index.ts";
import { clip } from "../../text/clip.ts";
import { classifyBaseRun } from "../preflight/classify.ts";
import { type Baseline, failureMentions, runTests } from "../verify/index.ts";

/** A test that fails at the base because of the bug; after the change it must pass. */
export interface Reproduction {
  path: string;
  content: string;
  explanation: string;
  /** Its own command, when the repository's test command does not run it. */
  command?: string;
  /** What it printed at the base, in one line. */
  atBase: string;
}

/**
 * Runs the new test in the base scratch copy (the worktree holds nothing else yet), then takes it out
 * again so that the copy stays at the base. With its own command, failing means a non-zero exit; without,
 * the repository's test command must name a failure in the new file (so it is known to run it).
 */
export async function runAtBase(o: {
  sandbox: Sandbox;
  baseline: Baseline;
  command: string;
  path: string;
  answer: ReproductionTest;
  timeoutMs: number;
}): Promise<{ failed: boolean; output: string; reproduction: Reproduction }> {
  const files = [...o.baseline.files, o.path];
  await o.baseline.workspace.sync(files);
  try {
    const command = o.answer.command ?? o.command;
    const run = await runTests(o.sandbox, o.baseline.workspace.dir, command, o.timeoutMs, files);
    const broken = !run.passed && classifyBaseRun(run, files).state === "cannot-run";
    const failed = o.answer.command ? !run.passed && !broken : run.failures.some((f) => failureMentions(f, o.path));
    const reproduction: Reproduction = {
      path: o.path,
      content: o.answer.content,
      explanation: o.answer.explanation,
      ...(o.answer.command ? { command: o.answer.command } : {}),
      atBase: clip(run.failures.find((f) => failureMentions(f, o.path))?.message ?? run.summary, 300),
    };
    return { failed, output: clip(run.output, 4000), reproduction };
  } finally {
    await o.baseline.workspace.sync(o.baseline.files);
  }
}
