import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { lstat, mkdir, open, rename, rmdir, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { BootyError, EditError, PolicyError } from "../../errors/index.ts";
import type { PathPolicy } from "../../security/path-policy.ts";
import { assertCommittable } from "../../workspace/committable.ts";
import { readBytes } from "./read.ts";
import type { StagedChange } from "./stage.ts";

interface Prepared {
  change: StagedChange;
  target: string;
  temp: string | undefined;
  backup: string | undefined;
  applied: boolean;
}

/**
 * Writes staged changes all or nothing. New contents go to temp files beside their targets first;
 * originals are then moved aside and the temp files renamed in. On any failure every original is moved
 * back and every created file and folder removed. Paths are checked by the policy again here, because
 * the workspace may have changed since staging (a test run, a refine round).
 */
export async function writeStaged(root: string, staged: readonly StagedChange[], policy: PathPolicy): Promise<void> {
  await assertCommittable(
    root,
    staged.map((change) => policy.check(change.path)),
  );
  const prepared: Prepared[] = [];
  const createdDirs: string[] = [];
  try {
    for (const change of staged) prepared.push(await prepare(root, change, policy, createdDirs));
    for (const step of prepared) {
      if (step.change.before !== null) {
        step.backup = sibling(step.target, "bak");
        await rename(step.target, step.backup);
      }
      step.applied = true;
      if (step.temp !== undefined) await rename(step.temp, step.target);
    }
  } catch (error) {
    await rollback(prepared, createdDirs);
    if (error instanceof BootyError) throw error;
    const message = (error as Error).message;
    throw new EditError(`could not write the changes, none was applied: ${message}`, { cause: error, where: root });
  }
  for (const step of prepared) if (step.backup !== undefined) await unlink(step.backup).catch(() => undefined);
}

async function prepare(
  root: string,
  change: StagedChange,
  policy: PathPolicy,
  createdDirs: string[],
): Promise<Prepared> {
  const rel = policy.check(change.path);
  if (rel !== change.path)
    throw new PolicyError(`staged path is not normalised: ${change.path}`, { where: change.path });
  const target = join(root, rel);
  const now = await readBytes(root, rel);
  const unchanged = change.before === null ? now === null : now?.equals(Buffer.from(change.before)) === true;
  if (!unchanged) {
    throw new EditError(`${rel} changed on disk since the edits were computed; stage them again`, { where: rel });
  }
  const step: Prepared = { change, target, temp: undefined, backup: undefined, applied: false };
  if (change.after === null) return step;
  await makeDirs(root, rel, createdDirs);
  const mode = now === null ? 0o644 : (await lstat(target)).mode & 0o7777;
  step.temp = sibling(target, "tmp");
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const handle = await open(step.temp, flags, mode);
  try {
    await handle.writeFile(change.after);
    await handle.chmod(mode); // the umask must not narrow an existing file's mode
  } finally {
    await handle.close();
  }
  return step;
}

/** Creates missing parents one at a time, refusing anything along the way that is not a real folder. */
async function makeDirs(root: string, rel: string, createdDirs: string[]): Promise<void> {
  let current = root;
  for (const part of rel.split("/").slice(0, -1)) {
    current = join(current, part);
    const made = await mkdir(current).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === "EEXIST") return false;
        throw error;
      },
    );
    if (made) createdDirs.push(current);
    if (!(await lstat(current)).isDirectory()) {
      throw new PolicyError(`path refused: ${JSON.stringify(rel)}: '${part}' is not a directory`, { where: rel });
    }
  }
}

async function rollback(prepared: readonly Prepared[], createdDirs: readonly string[]): Promise<void> {
  for (const step of [...prepared].reverse()) {
    if (step.applied) {
      if (step.temp !== undefined) await unlink(step.target).catch(() => undefined);
      if (step.backup !== undefined) await rename(step.backup, step.target).catch(() => undefined);
    }
    if (step.temp !== undefined) await unlink(step.temp).catch(() => undefined);
  }
  for (const dir of [...createdDirs].reverse()) await rmdir(dir).catch(() => undefined);
}

function sibling(target: string, kind: "tmp" | "bak"): string {
  return join(dirname(target), `.booty-${randomBytes(6).toString("hex")}.${kind}`);
}
