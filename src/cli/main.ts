import { Command } from "commander";

// Each subcommand pulls in different heavy dependencies (model SDKs, the database, octokit): load only the
// one being run, and all of them only to list them in `booty --help`.
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import("./commands/run.ts")).runCommand(),
  demo: async () => (await import("./commands/demo.ts")).demoCommand(),
  context: async () => (await import("./commands/context.ts")).contextCommand(),
  serve: async () => (await import("./commands/serve.ts")).serveCommand(),
  worker: async () => (await import("./commands/worker.ts")).workerCommand(),
  jobs: async () => (await import("./commands/jobs.ts")).jobsCommand(),
  job: async () => (await import("./commands/jobs.ts")).jobCommand(),
};

const program = new Command("booty")
  .description("a self-hosted coding agent that turns issues into pull requests")
  .version("0.1.0")
  .showHelpAfterError();

const requested = process.argv[2];
const wanted = requested !== undefined && requested in COMMANDS ? [requested] : Object.keys(COMMANDS);
for (const name of wanted) program.addCommand(await (COMMANDS[name] as () => Promise<Command>)());

await program.parseAsync(process.argv);
