import { describeError, isRetryable } from "../../errors/index.ts";
import type { Logger } from "../../log/logger.ts";
import type { Model } from "../../model/port.ts";
import { reproducePrompt } from "../../model/prompts/index.ts";
import { type IssueAnalysis, ReproductionTest } from "../../model/schemas/index.ts";
import type { PathPolicy } from "../../security/path-policy.ts";
import { writeStaged } from "../apply/index.ts";
import type { Preflight } from "../preflight/preflight.ts";
import type { IssueInput } from "../types.ts";
import { type Reproduction, runAtBase } from "./run-at-base.ts";

export type { Reproduction } from "./run-at-base.ts";

export interface ReproduceInput {
  model: Model;
  logger: Logger;
  root: string;
  policy: PathPolicy;
  issue: IssueInput;
  analysis: IssueAnalysis;
  files: { path: string; content: string }[];
  repoFiles: readonly string[];
  preflight: Preflight;
  timeoutMs: number;
}

export interface Reproduced {
  /** The test, written into the worktree, failing at the base; null when booty goes on without one. */
  test: Reproduction | null;
  /** Why there is none, for the report. */
  note?: string;
}

/**
 * For a bug: asks the model for a test that reproduces it and runs it at the base in the sandbox. It must
 * fail there; an answer that passes is shown to the model once more, then booty goes on without it. The
 * test stays in the worktree, so the fix is verified against it and it is committed with the fix.
 */
export async function reproduceBug(input: ReproduceInput): Promise<Reproduced> {
  const { preflight } = input;
  const baseline = preflight.prepared.baseline;
  const sandbox = preflight.prepared.sandbox;
  if (!baseline || !sandbox || !preflight.command) return { test: null, note: "no runnable test command" };
  let previous: string | undefined;
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    let answer: ReproductionTest;
    let path: string;
    try {
      answer = await ask(input, preflight.command, previous);
      path = input.policy.check(answer.path);
      if (input.repoFiles.includes(path)) throw new Error(`${path} exists already; a new test file is needed`);
    } catch (error) {
      if (isRetryable(error)) throw error;
      return { test: null, note: `no reproduction test: ${describeError(error)}` };
    }
    const staged = { path, operation: "create" as const, before: null, after: answer.content };
    await writeStaged(input.root, [staged], input.policy);
    const run = await runAtBase({ ...input, sandbox, baseline, command: preflight.command, path, answer });
    if (run.failed) {
      input.logger.info({ path, attempt }, "reproduce: the test fails at the base, as it should");
      return { test: run.reproduction };
    }
    await writeStaged(
      input.root,
      [{ ...staged, operation: "delete", before: answer.content, after: null }],
      input.policy,
    );
    previous = run.output;
    input.logger.info({ path, attempt }, "reproduce: the test passes at the base; it reproduces nothing");
  }
  return { test: null, note: "no reproduction test: the tests the model wrote passed at the base commit" };
}

async function ask(input: ReproduceInput, testCommand: string, previous: string | undefined) {
  const prompt = reproducePrompt({
    issue: input.issue,
    analysis: input.analysis,
    testCommand,
    files: input.files,
    previous,
  });
  const result = await input.model.generate({
    step: "reproduce",
    schema: ReproductionTest,
    schemaName: "ReproductionTest",
    ...prompt,
  });
  return result.value;
}
