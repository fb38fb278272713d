import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { ConfigError, describeError, isBootyError } from "../../errors/index.ts";
import { cliContext } from "../context.ts";

interface UiFlags {
  dataDir?: string;
  port?: string;
}

/** `booty ui`: the dashboard over a data directory, without the intake or workers. */
export function uiCommand(): Command {
  return new Command("ui")
    .description("serve the read-only dashboard over a data directory (no intake, no workers)")
    .option("--data-dir <dir>", "the data directory (BOOTY_DATA_DIR)")
    .option("--port <n>", "the port (BOOTY_UI_PORT)")
    .action(async (flags: UiFlags) => {
      process.exitCode = await serveUi(flags);
    });
}

async function serveUi(flags: UiFlags): Promise<number> {
  try {
    const { config, logger } = await cliContext({ dataDir: flags.dataDir });
    const port =
      flags.port === undefined ? config.service.ui.port : /^\d{1,5}$/.test(flags.port) ? Number(flags.port) : -1;
    if (port < 0 || port > 65535) {
      process.stderr.write(`booty: --port ${flags.port}: expected a port, a whole number from 0 to 65535\n`);
      return 1;
    }
    const [
      { lockOwner, openJobsStore, localRunsPath },
      { readControlFile },
      { startUi },
      { localRunsImporter },
      { forgeWebUrl },
    ] = await Promise.all([
      import("../../queue/index.ts"),
      import("../../service/control-file.ts"),
      import("../../ui/start.ts"),
      import("../../ui/local-import.ts"),
      import("../../ui/links.ts"),
    ]);
    if (existsSync(config.dataDir) && !statSync(config.dataDir).isDirectory()) {
      process.stderr.write(`booty: ${config.dataDir} is not a directory (--data-dir or BOOTY_DATA_DIR)\n`);
      return 1;
    }
    const dbDir = join(config.dataDir, "db");
    const control = readControlFile(config.dataDir);
    if (!config.service.databaseUrl && control && lockOwner(join(dbDir, "booty.lock")) === control.pid) {
      process.stderr.write(
        `booty: booty serve (pid ${control.pid}) holds ${config.dataDir}: its dashboard serves it\n`,
      );
      return 1;
    }
    // booty run's jobs are in a file until a dashboard imports them into the database.
    const localRuns = existsSync(localRunsPath(config.dataDir));
    if (!config.service.databaseUrl && !existsSync(join(dbDir, "pgdata")) && !localRuns) {
      process.stderr.write(`booty: no jobs in ${config.dataDir} yet (no database there, no booty run recorded)\n`);
      return 1;
    }
    const { databaseUrl } = config.service;
    const store = await openJobsStore({ databaseUrl, dataDir: config.dataDir, create: localRuns }).catch(
      (error: unknown) => {
        // booty's own errors say what to do already; a file system's or the database's only what failed.
        if (isBootyError(error)) throw error;
        const where = databaseUrl ? "DATABASE_URL" : dbDir;
        throw new ConfigError(`the jobs database cannot be opened (${where}): ${describeError(error)}`);
      },
    );
    const { host, token } = config.service.ui;
    const fix = "choose another with --port or BOOTY_UI_PORT";
    const importRuns = localRunsImporter(config.dataDir, store, logger);
    const secrets = (await import("../../config/index.ts")).secretValues(config);
    const web = forgeWebUrl(config.service.apiUrl);
    const ui = await startUi({ reader: store, token, logger, host, port, fix, importRuns, secrets, web }).catch(
      async (error: unknown) => {
        await store.close();
        throw error;
      },
    );
    process.stdout.write(`booty: the dashboard is at ${ui.url} (Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await ui.close();
    await store.close();
    return 0;
  } catch (error) {
    process.stderr.write(`booty: ${describeError(error)}\n`);
    return 1;
  }
}
