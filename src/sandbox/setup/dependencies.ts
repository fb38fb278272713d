import { lstat, readFile } from "node:fs/promises";
import { join } from "node:path";

export interface MissingDependency {
  ecosystem: "node" | "python";
  /** The file that declares them (`package-lock.json`, `requirements.txt`, …). */
  declaredBy: string;
  /** What would install them into the copy, where the tests run. */
  setupCommand: string;
}

export interface MissingDependencies {
  missing: MissingDependency[];
  /** One line for the preflight: what is missing and the `.booty.yml` line that would fix it. */
  note: string;
  /** All the proposed commands, joined with `&&`. */
  setupCommand: string;
}

const MAX_MANIFEST = 1024 * 1024;

async function isDir(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Repository content: a root-level regular file, size capped, never through a symlink. */
async function text(root: string, name: string): Promise<string> {
  try {
    const info = await lstat(join(root, name));
    if (!info.isFile() || info.size > MAX_MANIFEST) return "";
    return await readFile(join(root, name), "utf8");
  } catch {
    return "";
  }
}

/**
 * Dependencies the repository declares but the copy does not have: a lock file (or a package.json with
 * dependencies) without `node_modules/`, Python requirements without a `.venv/`. Only that signal: whether
 * each module would import is for the test run to say. null when nothing is missing.
 */
export async function detectMissingDependencies(
  root: string,
  files: readonly string[],
): Promise<MissingDependencies | null> {
  const present = new Set(files.filter((f) => !f.includes("/")));
  const missing: MissingDependency[] = [];
  if (!(await isDir(join(root, "node_modules")))) {
    const node = await nodeSetup(root, present);
    if (node) missing.push({ ecosystem: "node", ...node });
  }
  if (!(await isDir(join(root, ".venv"))) && !(await isDir(join(root, "venv")))) {
    const python = await pythonSetup(root, present);
    if (python) missing.push({ ecosystem: "python", ...python });
  }
  if (missing.length === 0) return null;
  const setupCommand = missing.map((m) => m.setupCommand).join(" && ");
  const what = missing
    .map((m) => `${m.declaredBy} without ${m.ecosystem === "node" ? "node_modules/" : "a .venv/"}`)
    .join(", ");
  return {
    missing,
    setupCommand,
    note: `dependencies are declared but not installed (${what}): add \`setup_command: ${setupCommand}\` to .booty.yml`,
  };
}

async function nodeSetup(root: string, present: Set<string>) {
  if (present.has("pnpm-lock.yaml")) {
    return { declaredBy: "pnpm-lock.yaml", setupCommand: "pnpm install --frozen-lockfile" };
  }
  if (present.has("yarn.lock")) {
    const berry = present.has(".yarnrc.yml");
    return {
      declaredBy: "yarn.lock",
      setupCommand: berry ? "yarn install --immutable" : "yarn install --frozen-lockfile",
    };
  }
  for (const lock of ["package-lock.json", "npm-shrinkwrap.json"]) {
    if (present.has(lock)) return { declaredBy: lock, setupCommand: "npm ci" };
  }
  if (present.has("bun.lock") || present.has("bun.lockb")) {
    return {
      declaredBy: present.has("bun.lock") ? "bun.lock" : "bun.lockb",
      setupCommand: "bun install --frozen-lockfile",
    };
  }
  if (!present.has("package.json")) return null;
  try {
    const manifest = JSON.parse(await text(root, "package.json")) as Record<string, unknown>;
    const declared = ["dependencies", "devDependencies"].some(
      (key) => Object.keys((manifest[key] as object | undefined) ?? {}).length > 0,
    );
    return declared ? { declaredBy: "package.json", setupCommand: "npm install" } : null;
  } catch {
    return null;
  }
}

const VENV = "python3 -m venv .venv";

async function pythonSetup(root: string, present: Set<string>) {
  if (present.has("uv.lock")) return { declaredBy: "uv.lock", setupCommand: "uv sync --frozen" };
  if (present.has("poetry.lock")) return { declaredBy: "poetry.lock", setupCommand: "poetry install --no-root" };
  const requirements = [...present].filter((f) => /^requirements[\w.-]*\.txt$/.test(f)).sort();
  const used: string[] = [];
  for (const file of requirements) {
    if ((await text(root, file)).split("\n").some((l) => l.trim() !== "" && !l.trim().startsWith("#"))) used.push(file);
  }
  if (used.length > 0) {
    const args = used.map((f) => `-r ${f}`).join(" ");
    return { declaredBy: used.join(", "), setupCommand: `${VENV} && .venv/bin/pip install ${args}` };
  }
  const pyproject = present.has("pyproject.toml") ? await text(root, "pyproject.toml") : "";
  const setupPy = present.has("setup.py") ? await text(root, "setup.py") : "";
  const projectDeps = /^\s*dependencies\s*=\s*\[\s*["']/m.test(pyproject) || /install_requires\s*=/.test(setupPy);
  const optional = pyproject.split(/^\[project\.optional-dependencies\]\s*$/m)[1]?.split(/^\[/m)[0] ?? "";
  const extra = /^\s*(test|tests|testing|dev)\s*=\s*\[/m.exec(optional);
  if (!projectDeps && !extra) return null;
  const target = extra ? `'.[${extra[1]}]'` : ".";
  return {
    declaredBy: pyproject ? "pyproject.toml" : "setup.py",
    setupCommand: `${VENV} && .venv/bin/pip install -e ${target}`,
  };
}
