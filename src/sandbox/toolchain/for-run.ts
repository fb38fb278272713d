import { join } from "node:path";
import { SANDBOX_PATH } from "../port.ts";
import { resolveToolchain, type ToolchainSettings } from "./resolve.ts";

export interface RunToolchain {
  mounts: string[];
  /** The PATH the command gets. */
  path: string;
  notes: string[];
}

/**
 * What one sandboxed command needs to find its programs: the installations to mount and a PATH with the
 * project's own bin directories first (as the command sees them: under `workspace`), then the
 * toolchains', then the system's.
 */
export async function toolchainForRun(opts: {
  command: string;
  root: string;
  /** Where the copy appears to the command: /workspace in bwrap, the copy itself without a sandbox. */
  workspace: string;
  settings: ToolchainSettings | undefined;
  readOnly: readonly string[];
  uid: number | null;
}): Promise<RunToolchain> {
  // Without booty's own settings, only the system PATH is searched: the project's bins still count.
  const given = opts.settings ?? { path: "", home: "/nonexistent" };
  const settings = given.path === "" ? { ...given, path: SANDBOX_PATH } : given;
  const tc = await resolveToolchain(opts.command, {
    ...settings,
    root: opts.root,
    readOnly: opts.readOnly,
    uid: opts.uid,
  });
  const path = [...tc.local.map((dir) => join(opts.workspace, dir)), ...tc.path, SANDBOX_PATH].join(":");
  return { mounts: tc.mounts, path, notes: tc.notes };
}
