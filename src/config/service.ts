import { z } from "zod";
import { commaList, flag, intIn } from "./fields.ts";

const portError = "expected a port, a whole number from 0 to 65535";
const port = z.coerce
  .number({ error: portError })
  .int({ error: portError })
  .min(0, { error: portError })
  .max(65535, { error: portError })
  .optional();

/** Settings for `booty serve` / `booty worker`: GitHub, webhooks, the database, the queue. */
export const serviceSection = {
  /** Several secrets, comma-separated, let the operator rotate without dropping deliveries. */
  WEBHOOK_SECRET: commaList(),
  GITHUB_APP_ID: z.string().regex(/^\d+$/, { error: "expected the numeric App ID" }).optional(),
  /** PEM text, or a path to a PEM file. */
  GITHUB_APP_PRIVATE_KEY: z.string().optional(),
  GITHUB_TOKEN: z.string().optional(),
  GITHUB_API_URL: z.url({ error: "expected an http(s) URL" }).default("https://api.github.com"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: "expected a postgres:// URL" })
    .optional(),
  BOOTY_TRIGGER_LABEL: z.string().default("booty"),
  BOOTY_ALLOWED_BOTS: commaList(),
  BOOTY_REPOS: commaList(),
  /** Reviews and `/booty` on pull requests booty did not open (whose branch lacks BOOTY_BRANCH_PREFIX) trigger too. */
  BOOTY_REVIEW_ANY_PR: flag(false),
  /** The logins booty acts as (an App: `<slug>[bot]`; a token: its user): what they do never triggers booty. */
  BOOTY_BOT_LOGIN: commaList(),
  BOOTY_WORKER_CONCURRENCY: intIn(1, 64, 2),
  BOOTY_HOST: z.string().default("0.0.0.0"),
  BOOTY_PORT: port,
  /** The platform convention (Heroku, Render, Cloud Run...): used when BOOTY_PORT is not set. */
  PORT: port,
  /** Threads that answer webhooks, each checking and journaling its own deliveries; 0: one per CPU, up to 4. */
  BOOTY_INTAKE_THREADS: intIn(0, 64, 0),
  /** Open connections to the intake at most, and from one remote address (behind a proxy: its address). */
  BOOTY_MAX_CONNECTIONS: intIn(1, 1_000_000, 1024),
  BOOTY_MAX_CONNECTIONS_PER_ADDRESS: intIn(1, 1_000_000, 64),
  BOOTY_SHUTDOWN_GRACE_MS: intIn(0, 3_600_000, 30_000),
  /** Days the delivery log is kept; at least GitHub's three-day redelivery window, which replays are checked against. */
  BOOTY_DELIVERY_RETENTION_DAYS: intIn(3, 36_500, 30),
  /**
   * When the intake's journal reaches the disk: `interval` answers once the delivery is with the OS (safe
   * from a crash or kill of booty) and flushes every 100 ms; `always` flushes before every answer.
   */
  /** `off`: booty serve opens no dashboard and no port for it. */
  BOOTY_UI: z.enum(["on", "off"], { error: "expected on or off" }).default("on"),
  /** The dashboard's port; unset: the intake's port + 1 (an ephemeral one when the intake's is 0). */
  BOOTY_UI_PORT: port,
  /** Where the dashboard listens; loopback unless BOOTY_UI_TOKEN is set, which it then requires. */
  BOOTY_UI_HOST: z.string().default("127.0.0.1"),
  BOOTY_UI_TOKEN: z.string().min(16, { error: "expected at least 16 characters" }).optional(),
  BOOTY_INTAKE_FSYNC: z.enum(["interval", "always"], { error: "expected interval or always" }).default("interval"),
};

/** Version managers' variables: where their installations are and which version is chosen. */
export const TOOLCHAIN_VARIABLES = [
  "PYENV_ROOT",
  "PYENV_VERSION",
  "ASDF_DATA_DIR",
  "MISE_DATA_DIR",
  "VOLTA_HOME",
  "NVM_DIR",
  "CARGO_HOME",
  "RUSTUP_HOME",
  "RUSTUP_TOOLCHAIN",
] as const;

/** How repository code is run: `bwrap` (default) or `none`, which must be chosen explicitly. */
export const sandboxSection = {
  BOOTY_SANDBOX: z.enum(["bwrap", "none"], { error: "expected bwrap or none" }).default("bwrap"),
  /** The repository booty itself lives in (owner/name or a path): changes to it are self-modification. */
  BOOTY_SELF_REPO: z.string().optional(),
  /** Sizes, in MB, of what repository code may write: its /tmp, $HOME and /dev/shm (memory) … */
  BOOTY_SANDBOX_TMP_MB: intIn(1, 1_048_576, 512),
  BOOTY_SANDBOX_HOME_MB: intIn(1, 1_048_576, 512),
  BOOTY_SANDBOX_SHM_MB: intIn(1, 1_048_576, 64),
  /** … and the scratch copy of the repository its tests run in (a tmpfs of its own when booty is root). */
  BOOTY_SANDBOX_WORKSPACE_MB: intIn(16, 1_048_576, 4096),
  /** Setup results kept for the next job on the same repository, in MiB; 0 turns the cache off. */
  BOOTY_SETUP_CACHE_MB: intIn(0, 1_048_576, 5 * 1024),
  /** How booty finds programs; the sandbox mounts what the test command resolves to through them. */
  PATH: z.string().optional(),
  ...Object.fromEntries(TOOLCHAIN_VARIABLES.map((name) => [name, z.string().optional()])),
};
