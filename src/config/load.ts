import { availableParallelism, homedir } from "node:os";
import { coreSection, dataDirFrom, modelSpec } from "./core.ts";
import { type Env, failIfProblems, type Parsed, parseSection } from "./env.ts";
import { sandboxSection, serviceSection, TOOLCHAIN_VARIABLES } from "./service.ts";

export type ModelProvider = string;

const MB = 1024 ** 2;

export interface ModelSettings {
  /** `provider:model` as the user wrote it. */
  spec: string;
  /** Where the spec came from, for messages that blame the right place: the flag or the variable. */
  from?: "--model" | "BOOTY_MODEL";
  provider: ModelProvider;
  name: string;
  baseUrl: string | undefined;
  apiKeys: { anthropic?: string; openai?: string; openaiCompatible?: string };
  temperature: number;
  maxOutputTokens: number;
  maxContextTokens: number;
}

export interface Config {
  model: ModelSettings;
  maxFiles: number;
  /** Per-job spending caps (BOOTY_MAX_COST_USD, BOOTY_MAX_TOKENS); `.booty.yml` may lower them. */
  caps: { maxCostUsd?: number; maxTokens?: number };
  restrictedPaths: string[];
  branchPrefix: string;
  baseBranch: string | undefined;
  dataDir: string;
  logLevel: string;
  /** LOG_LEVEL was set: the CLI then shows logs at that level rather than its own progress display. */
  logLevelSet: boolean;
  /** Co-author of `booty run` commits (BOOTY_COAUTHOR); the commits themselves are the user's. */
  coAuthor: { name: string; email: string };
  /** Where git finds the user's own settings (their identity), for `booty run`. */
  userHome: { HOME?: string; XDG_CONFIG_HOME?: string };
  /** How the model is asked to write changes; `auto` chooses whole files or search/replace by file size. */
  editFormat: "search-replace" | "udiff" | "whole" | "auto";
  service: {
    webhookSecrets: string[];
    appId: string | undefined;
    appPrivateKey: string | undefined;
    token: string | undefined;
    apiUrl: string;
    databaseUrl: string | undefined;
    triggerLabel: string;
    allowedBots: string[];
    repos: string[];
    /** Reviews on pull requests booty did not open trigger too (BOOTY_REVIEW_ANY_PR). */
    reviewAnyPr: boolean;
    /** The logins booty acts as (BOOTY_BOT_LOGIN); their events never trigger booty. */
    selfLogins: string[];
    workerConcurrency: number;
    host: string;
    port: number;
    shutdownGraceMs: number;
    deliveryRetentionDays: number;
    intakeFsync: "interval" | "always";
    intakeThreads: number;
    maxConnections: number;
    maxConnectionsPerAddress: number;
    /** The dashboard: its address, and the token it requires (without one, loopback clients only). */
    ui: { enabled: boolean; host: string; port: number; token: string | undefined };
  };
  sandbox: {
    mode: "bwrap" | "none";
    selfRepo: string | undefined;
    limits: { tmpBytes: number; homeBytes: number; shmBytes: number; workspaceBytes: number };
    /** booty's PATH, home and version-manager variables: the sandbox resolves test programs through them. */
    toolchain: { path: string; home: string; env: Record<string, string> };
    setupCacheBytes: number;
  };
}

/** Command-line flags that take precedence over the environment. */
export interface ConfigOverrides {
  model?: string | undefined;
  baseBranch?: string | undefined;
  dataDir?: string | undefined;
}

/**
 * The only reader of the environment. Every missing or invalid variable is reported at once, each
 * with what was expected, in a single ConfigError.
 */
export function loadConfig(env: Env, overrides: ConfigOverrides = {}): Config {
  const problems: string[] = [];
  const core = parseSection(coreSection, env, problems);
  const service = parseSection(serviceSection, env, problems);
  const sandbox = parseSandbox(env, problems);
  let spec = core.BOOTY_MODEL;
  const flagProblems: string[] = [];
  if (overrides.model !== undefined) {
    const checked = modelSpec.safeParse(overrides.model);
    if (checked.success) spec = checked.data;
    else flagProblems.push(`--model '${overrides.model}': ${checked.error.issues[0]?.message ?? "invalid"}`);
  }
  // A bad flag is blamed on the command line, not on the environment the user may never have touched.
  const where =
    flagProblems.length === 0 ? "environment" : problems.length === 0 ? "command line" : "environment and command line";
  failIfProblems([...problems, ...flagProblems], where);
  const colon = spec.indexOf(":");
  return {
    model: {
      spec,
      from: overrides.model !== undefined ? "--model" : "BOOTY_MODEL",
      provider: spec.slice(0, colon),
      name: spec.slice(colon + 1),
      baseUrl: core.BOOTY_MODEL_BASE_URL,
      apiKeys: {
        ...(core.ANTHROPIC_API_KEY ? { anthropic: core.ANTHROPIC_API_KEY } : {}),
        ...(core.OPENAI_API_KEY ? { openai: core.OPENAI_API_KEY } : {}),
        ...(core.OPENAI_COMPATIBLE_API_KEY ? { openaiCompatible: core.OPENAI_COMPATIBLE_API_KEY } : {}),
      },
      temperature: core.BOOTY_TEMPERATURE,
      maxOutputTokens: core.BOOTY_MAX_OUTPUT_TOKENS,
      maxContextTokens: core.BOOTY_MAX_CONTEXT_TOKENS,
    },
    maxFiles: core.BOOTY_MAX_FILES,
    caps: {
      ...(core.BOOTY_MAX_COST_USD !== undefined ? { maxCostUsd: core.BOOTY_MAX_COST_USD } : {}),
      ...(core.BOOTY_MAX_TOKENS !== undefined ? { maxTokens: core.BOOTY_MAX_TOKENS } : {}),
    },
    restrictedPaths: core.BOOTY_RESTRICTED_PATHS,
    branchPrefix: core.BOOTY_BRANCH_PREFIX.endsWith("/") ? core.BOOTY_BRANCH_PREFIX : `${core.BOOTY_BRANCH_PREFIX}/`,
    baseBranch: overrides.baseBranch ?? core.BOOTY_BASE_BRANCH,
    dataDir: overrides.dataDir ?? dataDirFrom(core),
    logLevel: core.LOG_LEVEL,
    logLevelSet: (env.LOG_LEVEL ?? "").trim() !== "",
    editFormat: core.BOOTY_EDIT_FORMAT,
    coAuthor: parseIdentity(core.BOOTY_COAUTHOR),
    userHome: {
      ...(core.HOME ? { HOME: core.HOME } : {}),
      ...(core.XDG_CONFIG_HOME ? { XDG_CONFIG_HOME: core.XDG_CONFIG_HOME } : {}),
    },
    service: serviceSettings(service),
    sandbox: sandboxSettings(sandbox, core.HOME),
  };
}

function serviceSettings(service: Parsed<typeof serviceSection>): Config["service"] {
  return {
    webhookSecrets: service.WEBHOOK_SECRET,
    appId: service.GITHUB_APP_ID,
    appPrivateKey: service.GITHUB_APP_PRIVATE_KEY,
    token: service.GITHUB_TOKEN,
    apiUrl: service.GITHUB_API_URL.replace(/\/+$/, ""),
    databaseUrl: service.DATABASE_URL,
    triggerLabel: service.BOOTY_TRIGGER_LABEL,
    allowedBots: service.BOOTY_ALLOWED_BOTS,
    repos: service.BOOTY_REPOS,
    reviewAnyPr: service.BOOTY_REVIEW_ANY_PR,
    selfLogins: service.BOOTY_BOT_LOGIN,
    workerConcurrency: service.BOOTY_WORKER_CONCURRENCY,
    host: service.BOOTY_HOST,
    // PaaS hosts set PORT; BOOTY_PORT, booty's own, wins when both are set.
    port: service.BOOTY_PORT ?? service.PORT ?? 3000,
    shutdownGraceMs: service.BOOTY_SHUTDOWN_GRACE_MS,
    deliveryRetentionDays: service.BOOTY_DELIVERY_RETENTION_DAYS,
    intakeFsync: service.BOOTY_INTAKE_FSYNC,
    intakeThreads: service.BOOTY_INTAKE_THREADS || Math.min(availableParallelism(), 4),
    maxConnections: service.BOOTY_MAX_CONNECTIONS,
    maxConnectionsPerAddress: service.BOOTY_MAX_CONNECTIONS_PER_ADDRESS,
    ui: {
      enabled: service.BOOTY_UI === "on",
      host: service.BOOTY_UI_HOST,
      port: uiPort(service.BOOTY_UI_PORT, service.BOOTY_PORT ?? service.PORT ?? 3000),
      token: service.BOOTY_UI_TOKEN,
    },
  };
}

function sandboxSettings(sandbox: ReturnType<typeof parseSandbox>, home: string | undefined): Config["sandbox"] {
  return {
    mode: sandbox.BOOTY_SANDBOX,
    selfRepo: sandbox.BOOTY_SELF_REPO,
    limits: {
      tmpBytes: sandbox.BOOTY_SANDBOX_TMP_MB * MB,
      homeBytes: sandbox.BOOTY_SANDBOX_HOME_MB * MB,
      shmBytes: sandbox.BOOTY_SANDBOX_SHM_MB * MB,
      workspaceBytes: sandbox.BOOTY_SANDBOX_WORKSPACE_MB * MB,
    },
    toolchain: toolchainSettings(sandbox, home),
    setupCacheBytes: sandbox.BOOTY_SETUP_CACHE_MB * MB,
  };
}

const parseSandbox = (env: Env, problems: string[]) => parseSection(sandboxSection, env, problems);

function toolchainSettings(section: Record<string, unknown>, home: string | undefined): Config["sandbox"]["toolchain"] {
  const env: Record<string, string> = {};
  for (const name of TOOLCHAIN_VARIABLES) {
    const value = section[name];
    if (typeof value === "string" && value !== "") env[name] = value;
  }
  const path = typeof section.PATH === "string" ? section.PATH : "";
  return { path, home: home || homedir(), env };
}

/** `booty serve` needs a webhook secret, one way to authenticate to GitHub and the model's settings. */
export function requireServiceConfig(config: Config): void {
  const problems: string[] = [];
  if (config.service.webhookSecrets.length === 0) {
    problems.push("WEBHOOK_SECRET: expected the webhook secret set in the GitHub App");
  }
  failIfProblems([...problems, ...workerProblems(config)]);
}

/** `booty worker` needs GitHub credentials and the model's settings: every missing one is named at once. */
export function requireWorkerConfig(config: Config): void {
  failIfProblems(workerProblems(config));
}

function workerProblems(config: Config): string[] {
  const problems: string[] = [];
  const s = config.service;
  const app = s.appId !== undefined || s.appPrivateKey !== undefined;
  if (app && (s.appId === undefined || s.appPrivateKey === undefined)) {
    problems.push("GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY: expected both, for GitHub App auth");
  } else if (!app && s.token === undefined) {
    problems.push("GITHUB_TOKEN: expected a token, or GITHUB_APP_ID with GITHUB_APP_PRIVATE_KEY");
  }
  return [...problems, ...modelProblems(config.model)];
}

/** What the configured model provider needs and lacks (the model factory checks the same when it builds). */
export function modelProblems(model: ModelSettings): string[] {
  const needs = `(needed for BOOTY_MODEL=${model.spec})`;
  switch (model.provider) {
    case "anthropic":
      return model.apiKeys.anthropic ? [] : [`ANTHROPIC_API_KEY: expected an API key ${needs}`];
    case "openai":
      return model.apiKeys.openai ? [] : [`OPENAI_API_KEY: expected an API key ${needs}`];
    case "openai-compatible":
      return model.baseUrl ? [] : [`BOOTY_MODEL_BASE_URL: expected the server's URL ${needs}`];
    default:
      return [];
  }
}

function parseIdentity(text: string): { name: string; email: string } {
  const at = text.lastIndexOf(" <");
  return { name: text.slice(0, at).trim(), email: text.slice(at + 2, -1) };
}

/** The dashboard's port: as set, or next to the intake's (ephemeral beside an ephemeral intake, as tests run it). */
function uiPort(set: number | undefined, intake: number): number {
  if (set !== undefined) return set;
  return intake === 0 || intake === 65535 ? 0 : intake + 1;
}
