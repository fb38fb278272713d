/**
 * Reads and checks a script file for the `script` model (`--model script:PATH`):
 *
 *   delayMs: 0          # optional, waited before every answer
 *   analyze: {...}      # one answer, reused for every call, or a list used in order
 *   reproduce: {...}    # for an analysis of kind bug: a test that fails at the base
 *   review: {...}       # a review job: one decision per open request (change, answer, decline)
 *   generate: [...]     # plans as objects, or {text: "..."}: a plain-text answer for the real parser
 *   refine: [...]
 *
 * Exports: `loadScript(path)`, `ScriptFile`.
 */
import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { z } from "zod";
import { InputError, unreadableFile } from "../../errors/index.ts";
import type { ModelStep } from "../port.ts";

export interface ScriptFile {
  path: string;
  delayMs: number;
  /** A single answer is reused; a list is consumed in order. Absent steps have no answers. */
  steps: Partial<Record<ModelStep, { reuse: true; answer: unknown } | { reuse: false; answers: unknown[] }>>;
}

// Answers themselves are checked later, by the step's schema, exactly like a real model's answers.
const answers = z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())], {
  error: "expected an answer object or a list of answers",
});

const shape = z
  .object(
    {
      delayMs: z.number({ error: "expected a number of milliseconds" }).min(0).optional(),
      analyze: answers.optional(),
      reproduce: answers.optional(),
      review: answers.optional(),
      generate: answers.optional(),
      refine: answers.optional(),
    },
    { error: "expected a mapping with analyze, reproduce, review, generate, refine and optionally delayMs" },
  )
  .strict();

export function loadScript(path: string): ScriptFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw unreadableFile("the script", path, error, "check the path after script:");
  }
  const doc = parseDocument(text);
  const yamlError = doc.errors[0];
  if (yamlError !== undefined) {
    const at = yamlError.linePos?.[0];
    const where = at ? ` at line ${at.line}:${at.col}` : "";
    const what = (yamlError.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
    throw new InputError(`script ${path} is not valid YAML${where}: ${what}`, {
      where: path,
    });
  }
  const checked = shape.safeParse(doc.toJS());
  if (!checked.success) {
    const problems = checked.error.issues.map((issue) => {
      const key = issue.path.join(".");
      const unknown = issue.code === "unrecognized_keys" ? `unknown key ${issue.keys.join(", ")}` : issue.message;
      return key === "" ? unknown : `${key}: ${unknown}`;
    });
    throw new InputError(`script ${path} has the wrong shape: ${problems.join("; ")}`, { where: path });
  }
  const { delayMs, ...rest } = checked.data;
  const steps: ScriptFile["steps"] = {};
  for (const [step, value] of Object.entries(rest) as [ModelStep, unknown][]) {
    if (value === undefined) continue;
    steps[step] = Array.isArray(value) ? { reuse: false, answers: value } : { reuse: true, answer: value };
  }
  return { path, delayMs: delayMs ?? 0, steps };
}
