import { z } from "zod";

const command = z
  .string({ error: "expected a command line (text)" })
  .trim()
  .min(1, { error: "expected a non-empty command line" })
  .max(4000, { error: "expected at most 4000 characters" });

const patterns = z
  .array(
    z
      .string({ error: "expected a path pattern (text)" })
      .min(1, { error: "expected a non-empty pattern" })
      .max(500, { error: "expected at most 500 characters" })
      .refine((pattern) => !pattern.trimStart().startsWith("!"), {
        error: "a negation ('!…') is not allowed: .booty.yml may only add restrictions, never lift them",
      }),
    { error: "expected a list of path patterns" },
  )
  .max(200, { error: "expected at most 200 patterns" })
  .default([]);

const readOnlyDirs = z
  .array(
    z
      .string({ error: "expected an absolute directory path (text)" })
      .max(1000, { error: "expected at most 1000 characters" })
      .refine((path) => path.startsWith("/") && !path.includes("\0"), { error: "expected an absolute path" }),
    { error: "expected a list of absolute directory paths" },
  )
  .max(50, { error: "expected at most 50 paths" })
  .default([]);

/** `sandbox:`: what the test command may see besides the system and the toolchains booty resolves. */
const sandboxSettings = z
  .strictObject({ read_only: readOnlyDirs }, { error: "expected a mapping (read_only: [paths])" })
  .default({ read_only: [] });

export const DEFAULT_TIMEOUT_SEC = 600;
export const DEFAULT_MAX_RETRIES = 3;
export const MAX_RETRIES_LIMIT = 10;

/** `.booty.yml`: unknown keys are errors, so that a typo (`test_comand`) is not silently ignored. */
export const repoConfigSchema = z.strictObject(
  {
    test_command: command.optional(),
    setup_command: command.optional(),
    lint_command: command.optional(),
    timeout: z
      .number({ error: "expected seconds, a whole number from 1 to 7200" })
      .int({ error: "expected seconds, a whole number from 1 to 7200" })
      .min(1, { error: "expected seconds, a whole number from 1 to 7200" })
      .max(7200, { error: "expected seconds, a whole number from 1 to 7200" })
      .default(DEFAULT_TIMEOUT_SEC),
    max_retries: z
      .number({ error: `expected a whole number from 0 to ${MAX_RETRIES_LIMIT}` })
      .int({ error: `expected a whole number from 0 to ${MAX_RETRIES_LIMIT}` })
      .min(0, { error: `expected a whole number from 0 to ${MAX_RETRIES_LIMIT}` })
      .max(MAX_RETRIES_LIMIT, { error: `expected a whole number from 0 to ${MAX_RETRIES_LIMIT}` })
      .default(DEFAULT_MAX_RETRIES),
    protected_paths: patterns,
    restricted_paths: patterns,
    network_for_setup: z.boolean({ error: "expected true or false" }).default(true),
    sandbox: sandboxSettings,
    verify: z.enum(["required", "optional"], { error: "expected required or optional" }).default("required"),
    reproduction: z.enum(["commit", "discard", "off"], { error: "expected commit, discard or off" }).default("commit"),
    // Caps per job; they only ever lower the operator's BOOTY_MAX_COST_USD / BOOTY_MAX_TOKENS.
    max_cost_usd: z
      .number({ error: "expected US dollars, a number above 0" })
      .positive({ error: "expected US dollars, a number above 0" })
      .optional(),
    max_tokens: z
      .number({ error: "expected a whole number of tokens above 0" })
      .int({ error: "expected a whole number of tokens above 0" })
      .positive({ error: "expected a whole number of tokens above 0" })
      .optional(),
  },
  { error: "expected a mapping of settings (test_command: ..., timeout: ...)" },
);

export interface RepoConfig {
  testCommand?: string;
  setupCommand?: string;
  lintCommand?: string;
  /** Per command. */
  timeoutSec: number;
  maxRetries: number;
  /** Added to the global path policy. */
  protectedPaths: string[];
  restrictedPaths: string[];
  networkForSetup: boolean;
  /** Directories shown read-only in the sandbox; booty refuses any that is, or links into, a secret place. */
  sandboxReadOnly: string[];
  /** required: tests that cannot run stop the run before any model call; optional: go on, unverified. */
  verify: "required" | "optional";
  /** What becomes of the reproduction test written for a bug: committed with the fix, only run, or none. */
  reproduction: "commit" | "discard" | "off";
  /** Lowers the operator's per-job caps, never raises them. */
  maxCostUsd?: number;
  maxTokens?: number;
}
