import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { InputError } from "../../errors/index.ts";
import { CodeGenerationPlan } from "../../model/schemas/index.ts";
import { createPathPolicy } from "../../security/path-policy.ts";
import { assertSyntax, validateSyntax } from "../validate/index.ts";
import type { Rung } from "./match/types.ts";
import { stagePlan } from "./stage.ts";
import { writeStaged } from "./write.ts";

export interface AppliedFile {
  path: string;
  operation: "create" | "modify" | "delete";
  rungs: Rung[];
}

export interface ApplyOptions {
  root: string;
  plan: CodeGenerationPlan;
  restricted: readonly string[];
  dryRun: boolean;
}

/**
 * Applies a plan to a working tree the way a run does: the path policy, the matching ladder, a syntax
 * check of every changed file, then all files written or none. With dryRun nothing is written.
 */
export async function applyToTree(options: ApplyOptions): Promise<AppliedFile[]> {
  const policy = createPathPolicy({ root: options.root, restricted: options.restricted });
  const staged = await stagePlan(options.root, options.plan, policy);
  const written = staged.flatMap((s) =>
    s.after === null ? [] : [{ path: s.path, content: s.after, before: s.before }],
  );
  assertSyntax(await validateSyntax(written));
  if (!options.dryRun) await writeStaged(options.root, staged, policy);
  return staged.map((s) => ({ path: s.path, operation: s.operation, rungs: s.rungs ?? [] }));
}

/** A plan file: YAML or JSON, in the shape of the script model's `generate` answer. */
export async function readPlanFile(path: string): Promise<CodeGenerationPlan> {
  const text = await readInput(path);
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    const first = String((error as Error).message).split("\n")[0];
    throw new InputError(`${path} is not valid YAML or JSON: ${first}`, { where: path });
  }
  const checked = CodeGenerationPlan.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const at = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    throw new InputError(`${path} is not a plan: ${at}${issue?.message ?? "invalid"}`, { where: path });
  }
  return checked.data;
}

/** A diff file as a plan that is only that diff. */
export async function readDiffFile(path: string): Promise<CodeGenerationPlan> {
  return { approach: `apply ${path}`, testingNotes: "", changes: [], diff: await readInput(path) };
}

async function readInput(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read ${path}: ${code === "ENOENT" ? "no such file" : String(code)}`, { where: path });
  }
}
