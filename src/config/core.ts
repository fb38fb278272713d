import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import type { Env } from "./env.ts";
import { commaList, intIn } from "./fields.ts";

export const DEFAULT_RESTRICTED_PATHS = [
  ".github/workflows/**",
  ".env",
  ".env.*",
  "**/*.env",
  "**/secrets.*",
  "**/secrets/**",
  ".envrc",
  "Dockerfile",
  "Dockerfile.*",
  "docker-compose*.yml",
  "*lock.json",
  "*.lock",
  "pnpm-lock.yaml",
  "go.sum",
  // git and booty read these on their next run: filters, submodule URLs, the setup command and network.
  ".gitattributes",
  ".gitmodules",
  ".booty.yml",
];

export const modelSpec = z
  .string()
  .regex(/^[a-z][a-z0-9-]*:.+$/, { error: "expected provider:model, e.g. anthropic:claude-sonnet-4-5" });

/** Settings every command uses: the model, limits, path policy, git naming and the data directory. */
export const coreSection = {
  BOOTY_MODEL: modelSpec.default("anthropic:claude-sonnet-4-5"),
  BOOTY_MODEL_BASE_URL: z.url({ error: "expected an http(s) URL" }).optional(),
  ANTHROPIC_API_KEY: z.string().optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_COMPATIBLE_API_KEY: z.string().optional(),
  BOOTY_TEMPERATURE: z.coerce
    .number({ error: "expected a number from 0 to 2" })
    .min(0, { error: "expected a number from 0 to 2" })
    .max(2, { error: "expected a number from 0 to 2" })
    .default(0),
  BOOTY_MAX_OUTPUT_TOKENS: intIn(256, 200_000, 16_000),
  BOOTY_MAX_CONTEXT_TOKENS: intIn(4_000, 2_000_000, 180_000),
  BOOTY_MAX_FILES: intIn(1, 200, 10),
  // Per job, checked before each model call; unset: no cap. Tokens are the cap for models without a price.
  BOOTY_MAX_COST_USD: z.coerce
    .number({ error: "expected US dollars, a number above 0" })
    .positive({ error: "expected US dollars, a number above 0" })
    .optional(),
  BOOTY_MAX_TOKENS: z.coerce
    .number({ error: "expected a whole number of tokens above 0" })
    .int({ error: "expected a whole number of tokens above 0" })
    .positive({ error: "expected a whole number of tokens above 0" })
    .optional(),
  BOOTY_RESTRICTED_PATHS: commaList(DEFAULT_RESTRICTED_PATHS),
  BOOTY_BRANCH_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, { error: "expected letters, digits, '.', '_', '-' or '/'" })
    .default("booty/"),
  BOOTY_BASE_BRANCH: z.string().optional(),
  BOOTY_DATA_DIR: z.string().optional(),
  XDG_DATA_HOME: z.string().optional(),
  HOME: z.string().optional(),
  BOOTY_EDIT_FORMAT: z
    .enum(["search-replace", "udiff", "whole", "auto"], {
      error: "expected search-replace, udiff, whole or auto",
    })
    .default("search-replace"),
  // The identity booty signs as co-author of a `booty run` commit: one that credits no stranger's account.
  BOOTY_COAUTHOR: z
    .string()
    .regex(/^[^<>\n]+ <[^<>\s]+@[^<>\s]+>$/, { error: "expected 'Name <email>'" })
    .default("booty <booty@booty.invalid>"),
  XDG_CONFIG_HOME: z.string().optional(),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
};

export function dataDirFrom(values: { BOOTY_DATA_DIR?: string; XDG_DATA_HOME?: string; HOME?: string }): string {
  if (values.BOOTY_DATA_DIR) return values.BOOTY_DATA_DIR;
  const dataHome = values.XDG_DATA_HOME ?? join(values.HOME ?? homedir(), ".local", "share");
  return join(dataHome, "booty");
}

export function envHas(env: Env, name: string): boolean {
  return (env[name] ?? "").trim() !== "";
}
