import { spawn } from "node:child_process";
import { GitError } from "../errors/index.ts";
import { redactText, secretForms } from "../security/redact.ts";
import { gitAuthEnv } from "./auth.ts";

export interface RunGitOptions {
  cwd: string;
  /** Sent as an HTTP basic auth header to `tokenOrigin` only, through the environment of this one process. */
  token?: string | undefined;
  /** `https://host[:port]` the token is meant for; required with `token`. */
  tokenOrigin?: string | undefined;
  /** Extra variables; only GIT_AUTHOR_* and GIT_COMMITTER_* are passed on. */
  env?: Record<string, string> | undefined;
  input?: string | undefined;
  timeoutMs?: number | undefined;
  /**
   * The user's HOME (and XDG_CONFIG_HOME) for the one read that needs their global settings: their
   * identity, for `booty run` commits. Everything else runs with the global config isolated.
   */
  userHome?: { HOME?: string; XDG_CONFIG_HOME?: string } | undefined;
  /** Exit codes that answer rather than fail (`check-ignore` exits 1 when nothing is ignored). */
  okExitCodes?: readonly number[] | undefined;
}

export interface GitResult {
  stdout: string;
  stderr: string;
}

/**
 * Settings forced on every invocation. Repository content and a sandboxed test run can both influence
 * config (a worktree's `.git`, `.gitmodules`), so nothing that executes programs is left to the repo.
 */
const SAFE_CONFIG = [
  "core.hooksPath=/dev/null",
  "core.fsmonitor=false",
  "submodule.recurse=false",
  "protocol.ext.allow=never",
  "core.quotePath=false",
  // A model-written `.gitattributes` must not reach a filter or diff driver the operator configured.
  "core.attributesFile=/dev/null",
];

/** Process facts the child needs (find git, a temp dir, the ssh agent); nothing else. */
const INHERITED = ["PATH", "TMPDIR", "SSH_AUTH_SOCK"];
/**
 * The operator's `~/.gitconfig` and `~/.config/git` (filters, aliases, credential helpers, attributes)
 * never apply: HOME points nowhere and the global config is empty. ssh finds its keys and known_hosts
 * through the password database, not HOME, so remotes over ssh still work.
 */
const ISOLATED_HOME = "/nonexistent/booty-git-home";
const PASSED_THROUGH = /^GIT_(AUTHOR|COMMITTER)_(NAME|EMAIL|DATE)$/;
const MAX_OUTPUT = 256 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

export function gitEnv(
  opts: Pick<RunGitOptions, "env" | "token" | "tokenOrigin" | "userHome">,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of INHERITED) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  for (const [key, value] of Object.entries(opts.env ?? {})) {
    if (PASSED_THROUGH.test(key)) env[key] = value;
  }
  // Messages in English: retry classification has to read stderr, git has no error codes.
  env.LC_ALL = "C";
  env.LANG = "C";
  env.GIT_TERMINAL_PROMPT = "0";
  env.GIT_CONFIG_NOSYSTEM = "1";
  if (opts.userHome) {
    Object.assign(env, opts.userHome);
  } else {
    env.GIT_CONFIG_GLOBAL = "/dev/null";
    env.HOME = ISOLATED_HOME;
  }
  if (opts.token !== undefined) Object.assign(env, gitAuthEnv(opts.token, opts.tokenOrigin));
  return env;
}

/** The argv actually handed to git (exported so tests can assert no secret ever lands in it). */
export function gitArgv(args: readonly string[]): string[] {
  return [...SAFE_CONFIG.flatMap((setting) => ["-c", setting]), ...args];
}

/** Runs git without a shell, with an allow-listed environment. Fails with a token-free GitError. */
export function runGit(args: string[], opts: RunGitOptions): Promise<GitResult> {
  const env = gitEnv(opts);
  const secrets = opts.token === undefined ? [] : secretForms(opts.token);
  const subcommand = subcommandOf(args);
  return new Promise((resolve, reject) => {
    const child = spawn("git", gitArgv(args), { cwd: opts.cwd, env, stdio: "pipe", detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let killedFor: string | undefined;
    const kill = (reason: string) => {
      killedFor ??= reason;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => kill("timed out"), opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT) kill("produced too much output");
      else into.push(chunk);
    };
    child.stdout.on("data", collect(out));
    child.stderr.on("data", collect(err));
    child.stdin.on("error", () => {}); // git may exit before reading its input
    child.stdin.end(opts.input ?? "");
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new GitError(`git ${subcommand}: ${error.message}`, { cause: error, where: opts.cwd }));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      if ((code === 0 || (code !== null && opts.okExitCodes?.includes(code))) && killedFor === undefined) {
        resolve({ stdout, stderr });
        return;
      }
      const detail = killedFor ?? firstLine(stderr) ?? `exit code ${code}`;
      const message = redactText(`git ${subcommand} failed: ${detail}`, secrets);
      reject(new GitError(message, { where: opts.cwd, retryable: killedFor === "timed out" || isNetworky(stderr) }));
    });
  });
}

/** The first word that is neither an option nor the value of `-c`/`-C`: what to name in an error. */
function subcommandOf(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "-c" || arg === "-C") i++;
    else if (!arg.startsWith("-")) return arg;
  }
  return "git";
}

function firstLine(text: string): string | undefined {
  const lines = text.split("\n").map((line) => line.trim());
  // "fatal:"/"error:" lines say what went wrong; hints and progress come first at times.
  return lines.find((line) => /^(fatal|error):/.test(line)) ?? lines.find((line) => line.length > 0);
}

const NETWORK_TROUBLE = [
  /could not resolve host/i,
  /connection (refused|reset|timed out)/i,
  /operation timed out/i,
  /remote end hung up/i,
  /early eof/i,
  /the requested URL returned error: (5\d\d|429)/i,
  /HTTP (5\d\d|429)/,
  /RPC failed/i,
  /unable to access .*: (Failed to connect|Recv failure|SSL)/i,
  /temporary failure in name resolution/i,
];

export function isNetworky(stderr: string): boolean {
  return NETWORK_TROUBLE.some((pattern) => pattern.test(stderr));
}
