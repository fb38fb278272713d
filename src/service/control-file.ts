import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

/**
 * `<dataDir>/serve.json`: how the CLI on the same machine reaches a running `booty serve` while it
 * holds the embedded database. Readable by the owner only, because it carries the jobs API token.
 */
const controlFile = z.object({ pid: z.number().int(), url: z.string(), token: z.string() });
export type ControlFile = z.infer<typeof controlFile>;

export const controlPath = (dataDir: string): string => join(dataDir, "serve.json");

export function writeControlFile(dataDir: string, value: ControlFile): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(controlPath(dataDir), JSON.stringify(value), { mode: 0o600 });
}

export function readControlFile(dataDir: string): ControlFile | null {
  try {
    const parsed = controlFile.safeParse(JSON.parse(readFileSync(controlPath(dataDir), "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function removeControlFile(dataDir: string, pid: number): void {
  if (readControlFile(dataDir)?.pid === pid) rmSync(controlPath(dataDir), { force: true });
}
