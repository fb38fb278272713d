import { Command } from "commander";
import { contextCommand } from "./commands/context.ts";
import { demoCommand } from "./commands/demo.ts";
import { runCommand } from "./commands/run.ts";

const program = new Command("booty")
  .description("a self-hosted coding agent that turns issues into pull requests")
  .version("0.1.0")
  .showHelpAfterError()
  .addCommand(runCommand())
  .addCommand(demoCommand())
  .addCommand(contextCommand());

await program.parseAsync(process.argv);
