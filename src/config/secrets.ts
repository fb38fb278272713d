import type { Config } from "./load.ts";

/** The secret values the configuration holds: scrubbed from logs, stored reports and the dashboard's pages. */
export function secretValues(config: Config): string[] {
  return [
    config.model.apiKeys.anthropic,
    config.model.apiKeys.openai,
    config.model.apiKeys.openaiCompatible,
    config.service.token,
    config.service.appPrivateKey,
    ...config.service.webhookSecrets,
    // 16 characters at least (config/service.ts): scrubbing it cannot eat ordinary words.
    config.service.ui.token,
  ].filter((s): s is string => typeof s === "string");
}
