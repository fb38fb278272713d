import { Command } from "commander";
import { contextCommand } from "./commands/context.ts";
import { demoCommand } from "./commands/demo.ts";
import { jobCommand, jobsCommand } from "./commands/jobs.ts";
import { runCommand } from "./commands/run.ts";
import { serveCommand } from "./commands/serve.ts";
import { workerCommand } from "./commands/worker.ts";

// The command modules only describe their flags; each loads its heavy dependencies (model SDKs, the
// database, octokit, the ranking code) inside its action, so `--help` and `--version` answer at once.
const program = new Command("booty")
  .description("a self-hosted coding agent that turns issues into pull requests")
  .version("0.1.0")
  .showHelpAfterError();

for (const command of [
  runCommand(),
  demoCommand(),
  contextCommand(),
  serveCommand(),
  workerCommand(),
  jobsCommand(),
  jobCommand(),
]) {
  program.addCommand(command);
}

await program.parseAsync(process.argv);
