import { resolve } from "node:path";
import { Command } from "commander";
import { InputError } from "../../errors/index.ts";
import { cliContext } from "../context.ts";
import { printEarlyFailure } from "../output.ts";

interface ApplyFlags {
  repo: string;
  plan?: string;
  diff?: string;
  blocks?: string;
  dryRun?: boolean;
  json?: boolean;
}

export function applyCommand(): Command {
  return new Command("apply")
    .description("apply a plan (YAML/JSON) or a unified diff to a working tree, saying how each edit matched")
    .requiredOption("--repo <path>", "the working tree to change")
    .option("--plan <file>", "a CodeGenerationPlan: {approach, changes: [{path, operation, edits|diff|content}]}")
    .option("--diff <file>", "a unified diff of one or more files")
    .option(
      "--blocks <file>",
      "a model's plain-text answer: SEARCH/REPLACE blocks, fenced files, DELETE lines or diffs",
    )
    .option("--dry-run", "check that everything applies, write nothing")
    .option("--json", "print {applied, dryRun, files: [{path, operation, rungs}]} as JSON")
    .action(async (flags: ApplyFlags) => {
      process.exitCode = await apply(flags);
    });
}

async function apply(flags: ApplyFlags): Promise<number> {
  const json = flags.json === true;
  try {
    const inputs = [flags.plan, flags.diff, flags.blocks].filter((flag) => flag !== undefined);
    if (inputs.length !== 1) {
      throw new InputError("booty apply needs exactly one of --plan FILE, --diff FILE and --blocks FILE");
    }
    const { config } = await cliContext();
    // Loaded here, not at the top: `booty --help` must not pay for the parsers and the syntax checker.
    const { applyToTree, readDiffFile, readPlanFile } = await import("../../pipeline/apply/standalone.ts");
    const root = resolve(flags.repo);
    const restricted = config.restrictedPaths;
    let plan: Awaited<ReturnType<typeof readPlanFile>>;
    if (flags.plan !== undefined) plan = await readPlanFile(flags.plan);
    else if (flags.diff !== undefined) plan = await readDiffFile(flags.diff);
    else {
      const { readBlocksFile } = await import("../../pipeline/apply/blocks-file.ts");
      const { createPathPolicy } = await import("../../security/path-policy.ts");
      plan = await readBlocksFile(flags.blocks ?? "", root, createPathPolicy({ root, restricted }));
    }
    const dryRun = flags.dryRun === true;
    const files = await applyToTree({ root, plan, restricted, dryRun });
    if (json) process.stdout.write(`${JSON.stringify({ applied: !dryRun, dryRun, files })}\n`);
    else {
      for (const file of files) {
        const how = file.rungs.length === 0 ? "" : `  (${file.rungs.join(", ")})`;
        process.stdout.write(`${file.operation.padEnd(6)} ${file.path}${how}\n`);
      }
      const verb = dryRun ? "would change" : "changed";
      process.stdout.write(`${verb} ${files.length} file${files.length === 1 ? "" : "s"}\n`);
    }
    return 0;
  } catch (error) {
    printEarlyFailure(error, json);
    return 1;
  }
}
