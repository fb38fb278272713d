import { randomBytes } from "node:crypto";
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
  return { config, logger };
}

export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..*$/, "").replace("T", "-");
  return `${stamp}-${randomBytes(3).toString("hex")}`;
}
