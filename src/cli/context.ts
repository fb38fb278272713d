import { randomBytes } from "node:crypto";
import { chmod, lstat } from "node:fs/promises";
import type { Config, ConfigOverrides } from "../config/index.ts";
import type { Logger } from "../log/logger.ts";

export interface CliContext {
  config: Config;
  logger: Logger;
}

/**
 * Loads configuration (the only place the CLI touches process.env) and a logger for one command. The
 * schemas and the logging library are loaded here, when a command runs, so that `--help` stays instant.
 */
export async function cliContext(overrides: ConfigOverrides = {}, level?: string): Promise<CliContext> {
  const [{ loadConfig }, { createLogger }] = await Promise.all([
    import("../config/index.ts"),
    import("../log/logger.ts"),
  ]);
  const config = loadConfig(process.env, overrides);
  const secrets = [
    config.model.apiKeys.anthropic,
    config.model.apiKeys.openai,
    config.model.apiKeys.openaiCompatible,
    config.service.token,
    ...config.service.webhookSecrets,
  ].filter((s): s is string => typeof s === "string");
  const logger = createLogger({ level: level ?? config.logLevel, pretty: process.stderr.isTTY === true, secrets });
  await makeDataDirPrivate(config.dataDir, logger);
  return { config, logger };
}

/**
 * A data dir made before booty set its umask (or by hand) may be open to others: closing its top folder
 * closes everything in it, without walking mirrors of many thousand files.
 */
async function makeDataDirPrivate(dir: string, logger: Logger): Promise<void> {
  const stat = await lstat(dir).catch(() => null);
  if (!stat?.isDirectory() || (stat.mode & 0o077) === 0) return;
  await chmod(dir, stat.mode & 0o700).catch((error: unknown) =>
    logger.warn({ err: error, dir }, "the data directory is open to other users and booty cannot close it"),
  );
}

export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..*$/, "").replace("T", "-");
  return `${stamp}-${randomBytes(3).toString("hex")}`;
}
