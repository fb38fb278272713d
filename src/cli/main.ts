import { Command } from "commander";
import { applyCommand } from "./commands/apply.ts";
import { contextCommand } from "./commands/context.ts";
import { deliveriesCommand } from "./commands/deliveries.ts";
import { demoCommand } from "./commands/demo.ts";
import { doctorCommand } from "./commands/doctor.ts";
import { jobCommand, jobsCommand } from "./commands/jobs.ts";
import { runCommand } from "./commands/run.ts";
import { serveCommand } from "./commands/serve.ts";
import { uiCommand } from "./commands/ui.ts";
import { workerCommand } from "./commands/worker.ts";

// Mirrors, worktrees, index caches and the embedded database hold private code and job history: nothing
// booty creates is for the group or others, whatever mode a library asks for (PGlite asks for 0666).
process.umask(0o077);

// The command modules only describe their flags; each loads its heavy dependencies (model SDKs, the
// database, octokit, the ranking code) inside its action, so `--help` and `--version` answer at once.
const program = new Command("booty")
  .description("a self-hosted coding agent that turns issues into pull requests")
  .version("0.1.0");

/**
 * commander's own complaints (an unknown option, a missing argument) in booty's one-line style:
 * `booty: <what> (<where>): <what to do>`, instead of `error: …` followed by the whole help text.
 */
function sayErrorsLikeBooty(command: Command): Command {
  const name = command === program ? "booty" : `booty ${command.name()}`;
  return command.configureOutput({
    outputError: (text, write) => {
      const what = text.trim().replace(/^error:\s*/, "");
      write(`booty: ${what} (${name}): see '${name} --help'\n`);
    },
  });
}

sayErrorsLikeBooty(program);
for (const command of [
  runCommand(),
  demoCommand(),
  doctorCommand(),
  contextCommand(),
  applyCommand(),
  serveCommand(),
  workerCommand(),
  jobsCommand(),
  jobCommand(),
  deliveriesCommand(),
  uiCommand(),
]) {
  program.addCommand(sayErrorsLikeBooty(command));
}

await program.parseAsync(process.argv);
