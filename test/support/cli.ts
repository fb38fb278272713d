import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const BOOTY_BIN = join(dirname(fileURLToPath(import.meta.url)), "../../bin/booty.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `booty ...` as a user would, with only the environment given (plus PATH); `nodeArgs` go to Node
 * before the script (e.g. `--import` a recorder).
 */
export function runBooty(
  args: string[],
  env: Record<string, string>,
  cwd?: string,
  nodeArgs: string[] = [],
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, BOOTY_BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NODE_OPTIONS: process.env.NODE_OPTIONS ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
