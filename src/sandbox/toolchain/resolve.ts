import { existsSync } from "node:fs";
import { lstat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, delimiter, dirname, isAbsolute, join } from "node:path";
import { SANDBOX_PATH } from "../port.ts";
import { asdfShim, miseShim } from "./asdf.ts";
import { exposureRefusal, unreachableBy } from "./exposure.ts";
import { isExecutable, realOrNull } from "./files.ts";
import { nvmFallback, voltaShim } from "./node.ts";
import { programsOf } from "./programs.ts";
import { pyenvShim } from "./pyenv.ts";
import { rustupShim } from "./rust.ts";
import { isInside, type Shim, type ShimContext, type ShimResolver } from "./shim.ts";

/** How booty itself finds programs: its PATH, its home and the version managers' variables. */
export interface ToolchainSettings {
  /** booty's own PATH. */
  path: string;
  home: string;
  dataDir?: string | undefined;
  /** PYENV_ROOT, PYENV_VERSION, ASDF_DATA_DIR, MISE_DATA_DIR, VOLTA_HOME, NVM_DIR, CARGO_HOME, RUSTUP_HOME, RUSTUP_TOOLCHAIN. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ResolveOptions extends ToolchainSettings {
  /** The project directory (its version files choose among installed versions); null for none. */
  root?: string | null;
  /** More directories to show read-only (`.booty.yml` `sandbox.read_only`). */
  readOnly?: readonly string[];
  /** The uid that runs bwrap: every mount must be reachable by it. null: booty's own. */
  uid?: number | null;
}

export interface ResolvedProgram {
  name: string;
  /** Where booty's PATH has it; null when it does not. */
  found: string | null;
  /** The version manager whose shim it was, if any. */
  manager: string | null;
  /** The real program the command will run; null when nothing could be found. */
  binary: string | null;
  /** The installation directory mounted for it (null: already visible, or refused). */
  prefix: string | null;
}

export interface Toolchain {
  programs: ResolvedProgram[];
  /** Real directories to bind read-only at the same path. */
  mounts: string[];
  /** Directories to put before the sandbox's PATH. */
  path: string[];
  /** Project-local bin directories present in the copy (relative), to put first on PATH. */
  local: string[];
  notes: string[];
}

/**
 * A project's own environment is part of the copy. Its scripts still run on an interpreter from booty's
 * PATH (a venv's python links to the one that made it; `.bin` scripts start with `env node`).
 */
const LOCAL_BINS = ["node_modules/.bin", ".venv/bin"];
function impliedBy(local: readonly string[]): string[] {
  return local.map((dir) => (dir === ".venv/bin" ? "python3" : "node"));
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Already in every sandbox: nothing to mount. */
const VISIBLE = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];
const SHIMS: ShimResolver[] = [pyenvShim, asdfShim, miseShim, voltaShim, rustupShim];

/**
 * Finds the installations the test command's programs live in, as booty's own shell would run them
 * (through pyenv, asdf, mise, volta, rustup shims; nvm when node is not on PATH), and says what to mount
 * for the sandbox to run them too. Every mount is a realpath checked against `exposureRefusal`: a prefix
 * that is, or links into, a secret location is refused with a note.
 */
export async function resolveToolchain(command: string, opts: ResolveOptions): Promise<Toolchain> {
  const out: Toolchain = { programs: [], mounts: [], path: [], local: [], notes: [] };
  const root = opts.root ?? null;
  for (const dir of LOCAL_BINS) if (root && (await isDirectory(join(root, dir)))) out.local.push(dir);
  const dirs = opts.path.split(delimiter).filter((d) => isAbsolute(d));
  const ctx: ShimContext = {
    home: opts.home,
    env: opts.env ?? {},
    root: opts.root ?? null,
    search: (name, skip) => searchPath(dirs, name, skip),
  };
  const expose = async (dir: string, what: string): Promise<string | null> => {
    const real = await realOrNull(dir);
    if (real === null) return note(out, `${what}: ${dir} does not exist; not mounted`);
    if (VISIBLE.some((v) => isInside(real, v))) return real;
    const refusal = exposureRefusal(real, { home: opts.home, dataDir: opts.dataDir, tmp: tmpdir() });
    const shown = real === dir ? dir : `${dir} (→ ${real})`;
    if (refusal) return note(out, `${what}: ${shown} refused: ${refusal}`);
    const unreachable = await unreachableBy(opts.uid ?? null, real);
    if (unreachable) return note(out, `${what}: ${shown} not mounted: ${unreachable}`);
    if (!out.mounts.includes(real)) out.mounts.push(real);
    return real;
  };
  for (const name of programsOf(command, impliedBy(out.local))) {
    if (root && out.local.some((dir) => existsSync(join(root, dir, name)))) {
      out.programs.push({ name, found: null, manager: "project", binary: null, prefix: null });
      continue;
    }
    const program = await resolveProgram(name, dirs, ctx);
    if (program.note) out.notes.push(program.note);
    const binary = program.shim?.binary ?? (program.shim ? null : program.found);
    const entry: ResolvedProgram = {
      name,
      found: program.found,
      manager: program.shim?.manager ?? null,
      binary,
      prefix: null,
    };
    out.programs.push(entry);
    const real = binary === null ? null : await realOrNull(binary);
    if (binary === null || real === null) continue;
    // `<prefix>/bin/name` is the installation, whatever its entries link to; a lone link elsewhere
    // (node_modules/.bin/node) stands for the installation it points into.
    const inBin = basename(dirname(binary)) === "bin";
    entry.prefix = await expose(prefixOf(inBin ? binary : real), name);
    if (entry.prefix === null) continue;
    if (!isInside(real, entry.prefix)) await expose(prefixOf(real), name);
    const onPath = inBin ? await realOrNull(dirname(binary)) : basename(real) === name ? dirname(real) : null;
    if (onPath) addPath(out, onPath);
  }
  for (const dir of opts.readOnly ?? []) {
    if (!isAbsolute(dir)) note(out, `sandbox.read_only: ${dir} is not an absolute path; not mounted`);
    else await expose(dir, "sandbox.read_only");
  }
  return out;
}

interface Found {
  found: string | null;
  shim: Shim | null;
  note?: string;
}

async function resolveProgram(name: string, dirs: string[], ctx: ShimContext): Promise<Found> {
  const found = await searchPath(dirs, name, () => false);
  if (found === null) {
    const nvm = await nvmFallback(name, ctx);
    if (nvm) return { found: null, shim: nvm };
    return { found: null, shim: null, note: `${name}: not found on booty's PATH` };
  }
  const dirReal = (await realOrNull(dirname(found))) ?? dirname(found);
  for (const resolver of SHIMS) {
    const shim = await resolver(name, found, dirReal, ctx);
    if (shim) return { found, shim, ...(shim.note ? { note: `${name}: ${shim.note}` } : {}) };
  }
  return { found, shim: null };
}

async function searchPath(dirs: string[], name: string, skip: (realDir: string) => boolean): Promise<string | null> {
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (!(await isExecutable(candidate))) continue;
    if (skip((await realOrNull(dir)) ?? dir)) continue;
    return candidate;
  }
  return null;
}

/** `<prefix>/bin/<program>` → `<prefix>`; a program outside a `bin` directory → its directory. */
function prefixOf(binary: string): string {
  const dir = dirname(binary);
  return basename(dir) === "bin" ? dirname(dir) : dir;
}

function addPath(out: Toolchain, dir: string): void {
  if (!SANDBOX_PATH.split(":").includes(dir) && !out.path.includes(dir)) out.path.push(dir);
}

function note(out: Toolchain, text: string): null {
  out.notes.push(text);
  return null;
}
