import { resolve } from "node:path";
import { Command } from "commander";
import { describeError } from "../../errors/index.ts";
import { cliContext } from "../context.ts";

interface DoctorFlags {
  repo?: string;
  timeout?: string;
  dataDir?: string;
  model?: string;
}

/** `booty doctor`: one line per check, ✓ or ✗ with what to do; exits 1 when a check fails. */
export function doctorCommand(): Command {
  return new Command("doctor")
    .description("check this machine (Node, git, sandbox, data dir, model) and, with --repo, a repository")
    .option("--repo <path>", "also check a repository: test command, toolchain, dependencies, a test run")
    .option("--timeout <seconds>", "for the repository's test run", "120")
    .option("--data-dir <dir>", "the data directory (BOOTY_DATA_DIR)")
    .option("--model <provider:model>", "the model to check (BOOTY_MODEL)")
    .action(async (flags: DoctorFlags) => {
      try {
        const seconds = Number(flags.timeout);
        if (!Number.isInteger(seconds) || seconds < 1) {
          process.stderr.write(
            `booty: --timeout '${flags.timeout}' (booty doctor): expected whole seconds, 1 or more\n`,
          );
          process.exitCode = 1;
          return;
        }
        const { config, logger } = await cliContext({ dataDir: flags.dataDir, model: flags.model }, { level: "error" });
        const { runDoctor, renderChecks } = await import("../../doctor/index.ts");
        const repo = flags.repo === undefined ? undefined : resolve(flags.repo);
        const checks = await runDoctor({ config, logger, repo, timeoutMs: seconds * 1000 });
        process.stdout.write(renderChecks(checks));
        process.exitCode = checks.every((c) => c.ok) ? 0 : 1;
      } catch (error) {
        process.stderr.write(`booty: ${describeError(error)}\n`);
        process.exitCode = 1;
      }
    });
}
