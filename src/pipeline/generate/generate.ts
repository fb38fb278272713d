import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import { EditError, PolicyError, SyntaxCheckError } from "../../errors/index.ts";
import type { Logger } from "../../log/logger.ts";
import type { Model, ModelStep } from "../../model/port.ts";
import { generatePrompt } from "../../model/prompts/index.ts";
import {
  type CodeGenerationPlan,
  type EditFormat,
  type IssueAnalysis,
  planSchemaFor,
} from "../../model/schemas/index.ts";
import { type BlockContext, parseTextBlocks } from "../../model/text-blocks/index.ts";
import type { PathPolicy } from "../../security/path-policy.ts";
import { editRungs, expandPlan, type StagedChange, stagePlan } from "../apply/index.ts";
import type { IssueInput } from "../types.ts";
import { formatSyntaxProblems, validateSyntax } from "../validate/index.ts";
import { resolveFormat } from "./format.ts";

export interface GenerateInput {
  model: Model;
  logger: Logger;
  root: string;
  policy: PathPolicy;
  issue: IssueInput;
  analysis: IssueAnalysis;
  files: { path: string; content: string }[];
  /** Tracked files, so that imports the change adds can be checked against what exists. */
  repoFiles?: readonly string[];
  /** Model calls allowed in total, counting the ones that answer feedback. */
  maxCalls?: number;
  /** Most files the whole change may touch (BOOTY_MAX_FILES), counting `touched`. */
  maxFiles?: number;
  /** Files earlier rounds already changed. */
  touched?: ReadonlySet<string>;
  /** BOOTY_EDIT_FORMAT: how the model is asked to write its changes. */
  editFormat?: EditFormat | "auto" | undefined;
}

/** What the model answers: edits (search/replace or whole files) or one diff. */
type ModelPlan = z.output<ReturnType<typeof planSchemaFor>["schema"]>;

export interface Generated {
  plan: CodeGenerationPlan;
  staged: StagedChange[];
  calls: number;
}

/**
 * Asks for a plan and stages it in memory. Edits that do not apply go back to the model with the closest
 * region; a syntax error goes back once; the path policy is never negotiable.
 */
export async function generateChanges(input: GenerateInput): Promise<Generated> {
  const format = resolveFormat(input.editFormat, input.files);
  return askUntilApplicable({ ...input, editFormat: format }, "generate", (feedback) =>
    generatePrompt({ issue: input.issue, analysis: input.analysis, files: input.files, feedback, format }),
  );
}

export async function askUntilApplicable(
  input: Omit<GenerateInput, "files">,
  step: ModelStep,
  buildPrompt: (feedback: string | undefined) => Pick<Parameters<Model["generateText"]>[0], "system" | "messages">,
): Promise<Generated> {
  const maxCalls = input.maxCalls ?? 3;
  let feedback: string | undefined;
  let syntaxFeedbackGiven = false;
  let lastError: Error | undefined;
  const format = input.editFormat === "auto" ? "search-replace" : (input.editFormat ?? "search-replace");
  const { schema } = planSchemaFor(format);
  for (let call = 1; call <= maxCalls; call++) {
    const result = await input.model.generateText<ModelPlan>({
      step,
      schema,
      parse: (text) => parseTextBlocks(text, blockContext(input, format)),
      ...buildPrompt(feedback),
    });
    let plan: CodeGenerationPlan;
    try {
      plan = expandPlan("changes" in result.value ? result.value : { ...result.value, changes: [] });
    } catch (error) {
      if (!(error instanceof EditError)) throw error;
      input.logger.info({ step, call, problem: error.message }, "the diff could not be read; asking the model again");
      lastError = error;
      feedback = error.message;
      continue;
    }
    for (const change of plan.changes) change.path = input.policy.check(change.path);
    checkFileCount(input, step, plan);
    let staged: StagedChange[];
    try {
      staged = await stagePlan(input.root, plan, input.policy);
    } catch (error) {
      if (!(error instanceof EditError)) throw error;
      input.logger.info({ step, call, problem: error.message }, "edits did not apply; asking the model again");
      lastError = error;
      feedback = error.message;
      continue;
    }
    const written = staged.flatMap((s) =>
      s.after === null ? [] : [{ path: s.path, content: s.after, before: s.before }],
    );
    const report = await validateSyntax(written, input.repoFiles ? { repoFiles: input.repoFiles } : {});
    if (report.problems.length === 0) {
      input.logger.info({ step, call, rungs: editRungs(staged) }, "edits applied");
      return { plan, staged, calls: call };
    }
    const first = report.problems[0];
    lastError = new SyntaxCheckError(
      `syntax error in ${first?.path}:${first?.line}: ${first?.message}` +
        (report.problems.length > 1 ? ` (and ${report.problems.length - 1} more)` : ""),
      { where: `${first?.path}:${first?.line}` },
    );
    if (syntaxFeedbackGiven) throw lastError;
    syntaxFeedbackGiven = true;
    input.logger.info(
      { step, call, problems: report.problems.length },
      "generated code does not parse; asking once more",
    );
    feedback = formatSyntaxProblems(report);
  }
  if (lastError instanceof EditError) {
    // What the model was told (the closest lines, what to send instead) is no use to a person.
    const why = lastError.summary ?? lastError.message.split("\n")[0] ?? "";
    const tries = maxCalls === 1 ? "" : ` after ${maxCalls} tries`;
    throw new EditError(`the model's changes did not apply to the files${tries}: ${why}`, {
      cause: lastError,
      ...(lastError.where ? { where: lastError.where } : {}),
    });
  }
  throw lastError ?? new EditError(`the model's ${step} answers could not be applied`, { where: step });
}

/** The file limit holds for every answer, not only the analysis: a plan may name files the analysis did not. */
function checkFileCount(input: Omit<GenerateInput, "files">, step: ModelStep, plan: CodeGenerationPlan): void {
  if (input.maxFiles === undefined) return;
  const files = new Set([...(input.touched ?? []), ...plan.changes.map((change) => change.path)]);
  if (files.size > input.maxFiles)
    throw new PolicyError(
      `the ${step} answer would touch ${files.size} files; the limit is ${input.maxFiles} (BOOTY_MAX_FILES)`,
      { where: step },
    );
}

/**
 * What the answer's parser may know of the workspace: whether a path is a file now, and its text. The
 * path policy comes first, so a hostile path is refused (thrown), never looked up.
 */
function blockContext(input: Pick<GenerateInput, "root" | "policy">, format: EditFormat): BlockContext {
  const where = (path: string) => join(input.root, input.policy.check(path));
  return {
    format,
    exists: (path) => statSync(where(path), { throwIfNoEntry: false })?.isFile() === true,
    read: (path) => {
      try {
        return readFileSync(where(path), "utf8");
      } catch {
        return undefined;
      }
    },
  };
}
