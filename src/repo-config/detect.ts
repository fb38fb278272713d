import { lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface DetectedTestCommand {
  command: string;
  /** Shown in the report: why booty chose this command. */
  reason: string;
}

const NPM_PLACEHOLDER = /no test specified/;
const MAX_MANIFEST = 1024 * 1024;

/** A small root-level file's text, or null (missing, a symlink, too big). */
function readSmall(root: string, name: string): string | null {
  try {
    const info = lstatSync(join(root, name));
    if (!info.isFile() || info.size > MAX_MANIFEST) return null;
    return readFileSync(join(root, name), "utf8");
  } catch {
    return null;
  }
}

function npmTest(root: string): DetectedTestCommand | null {
  const text = readSmall(root, "package.json");
  if (text === null) return null;
  try {
    const script = (JSON.parse(text) as { scripts?: { test?: unknown } }).scripts?.test;
    if (typeof script === "string" && script.trim() !== "" && !NPM_PLACEHOLDER.test(script)) {
      return { command: "npm test", reason: "package.json has a test script" };
    }
  } catch {
    return null;
  }
  return null;
}

function pytest(root: string, files: ReadonlySet<string>, list: readonly string[]): DetectedTestCommand | null {
  const command = "python3 -m pytest";
  if (files.has("pytest.ini")) return { command, reason: "pytest.ini at the root" };
  if (files.has("conftest.py")) return { command, reason: "conftest.py at the root" };
  if (files.has("pyproject.toml") && /^\[tool\.pytest/m.test(readSmall(root, "pyproject.toml") ?? "")) {
    return { command, reason: "pyproject.toml configures pytest" };
  }
  if (files.has("setup.cfg") && /^\[tool:pytest\]/m.test(readSmall(root, "setup.cfg") ?? "")) {
    return { command, reason: "setup.cfg configures pytest" };
  }
  if (files.has("tox.ini") && /^\[pytest\]/m.test(readSmall(root, "tox.ini") ?? "")) {
    return { command, reason: "tox.ini configures pytest" };
  }
  const testFile = list.find((f) => /(^|\/)(test_[^/]*|[^/]*_test)\.py$/.test(f));
  if (testFile) return { command, reason: `Python test files found (${testFile})` };
  return null;
}

/**
 * Guesses the test command of a repository without `.booty.yml`, from root-level files only.
 * `files` are the repository's paths relative to `root`. null when nothing common is recognised.
 */
export function detectTestCommand(root: string, files: readonly string[]): DetectedTestCommand | null {
  const set = new Set(files);
  if (set.has("package.json")) {
    const npm = npmTest(root);
    if (npm) return npm;
  }
  const py = pytest(root, set, files);
  if (py) return py;
  if (set.has("go.mod")) return { command: "go test ./...", reason: "go.mod at the root" };
  if (set.has("Cargo.toml")) return { command: "cargo test", reason: "Cargo.toml at the root" };
  return null;
}
