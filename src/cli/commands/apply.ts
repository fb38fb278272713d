import { resolve } from "node:path";
import { Command } from "commander";
import { InputError } from "../../errors/index.ts";
import { cliContext } from "../context.ts";
import { printEarlyFailure } from "../output.ts";

interface ApplyFlags {
  repo: string;
  plan?: string;
  diff?: string;
  dryRun?: boolean;
  json?: boolean;
}

export function applyCommand(): Command {
  return new Command("apply")
    .description("apply a plan (YAML/JSON) or a unified diff to a working tree, saying how each edit matched")
    .requiredOption("--repo <path>", "the working tree to change")
    .option("--plan <file>", "a CodeGenerationPlan: {approach, changes: [{path, operation, edits|diff|content}]}")
    .option("--diff <file>", "a unified diff of one or more files")
    .option("--dry-run", "check that everything applies, write nothing")
    .option("--json", "print {applied, dryRun, files: [{path, operation, rungs}]} as JSON")
    .action(async (flags: ApplyFlags) => {
      process.exitCode = await apply(flags);
    });
}

async function apply(flags: ApplyFlags): Promise<number> {
  const json = flags.json === true;
  try {
    if ((flags.plan === undefined) === (flags.diff === undefined)) {
      throw new InputError("booty apply needs exactly one of --plan FILE and --diff FILE");
    }
    const { config } = await cliContext();
    // Loaded here, not at the top: `booty --help` must not pay for the parsers and the syntax checker.
    const { applyToTree, readDiffFile, readPlanFile } = await import("../../pipeline/apply/standalone.ts");
    const plan = flags.plan !== undefined ? await readPlanFile(flags.plan) : await readDiffFile(flags.diff ?? "");
    const dryRun = flags.dryRun === true;
    const files = await applyToTree({ root: resolve(flags.repo), plan, restricted: config.restrictedPaths, dryRun });
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
