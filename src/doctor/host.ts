import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import { promisify } from "node:util";
import type { Config } from "../config/index.ts";
import { describeError } from "../errors/index.ts";
import type { Logger } from "../log/logger.ts";
import { type Check, fail, pass } from "./check.ts";

const run = promisify(execFile);
const MIN_NODE = [22, 12];

export function nodeCheck(version = process.versions.node): Check {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const ok = major > (MIN_NODE[0] ?? 0) || (major === MIN_NODE[0] && minor >= (MIN_NODE[1] ?? 0));
  return ok
    ? pass("node", `Node ${version}`)
    : fail("node", `Node ${version} is too old: install Node ${MIN_NODE.join(".")} or newer`);
}

/** `name --version`'s first line, or null when it does not run. */
async function versionOf(name: string, path: string): Promise<string | null> {
  try {
    const { stdout } = await run(name, ["--version"], { env: { PATH: path }, timeout: 10_000 });
    return stdout.trim().split("\n")[0] ?? "";
  } catch {
    return null;
  }
}

export async function gitCheck(path: string): Promise<Check> {
  const version = await versionOf("git", path);
  return version ? pass("git", version) : fail("git", "git not found on PATH: install git (apt-get install git)");
}

/** bubblewrap, prlimit and setpriv, then a real sandbox started: user namespaces must work here. */
export async function sandboxChecks(config: Config, path: string, logger: Logger): Promise<Check[]> {
  if (config.sandbox.mode === "none") {
    return [pass("sandbox", "BOOTY_SANDBOX=none: repository code runs unsandboxed, as booty's own user")];
  }
  const checks: Check[] = [];
  const missing: string[] = [];
  for (const tool of ["prlimit", "setpriv"]) if ((await versionOf(tool, path)) === null) missing.push(tool);
  checks.push(
    missing.length === 0
      ? pass("prlimit/setpriv", "found")
      : fail("prlimit/setpriv", `${missing.join(" and ")} not found: install util-linux (apt-get install util-linux)`),
  );
  const bwrap = await versionOf("bwrap", path);
  if (bwrap === null) {
    checks.push(fail("bubblewrap", "bwrap not found: apt-get install bubblewrap, or set BOOTY_SANDBOX=none"));
    return checks;
  }
  try {
    const { createSandbox } = await import("../sandbox/index.ts");
    await createSandbox({ mode: "bwrap", logger, searchPath: path, limits: config.sandbox.limits });
    checks.push(pass("bubblewrap", `${bwrap}: a sandbox starts (unprivileged user namespaces work)`));
  } catch (error) {
    checks.push(fail("bubblewrap", describeError(error)));
  }
  return checks;
}

/** The data directory holds private code and job history: only booty's user may enter it. */
export async function dataDirCheck(dir: string): Promise<Check> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(dir);
  } catch {
    return pass("data dir", `${dir} does not exist yet; booty creates it private (0700)`);
  }
  if (!info.isDirectory()) return fail("data dir", `${dir} is not a directory: set BOOTY_DATA_DIR to a directory`);
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) {
    return fail("data dir", `${dir} belongs to uid ${info.uid}, not booty's (${uid}): chown it or pick another`);
  }
  const mode = (info.mode & 0o777).toString(8).padStart(3, "0");
  if ((info.mode & 0o077) !== 0) return fail("data dir", `${dir} is mode ${mode}, open to others: chmod 700 ${dir}`);
  return pass("data dir", `${dir} (mode ${mode}, private)`);
}
