import { readFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { type Failure, makeResolver } from "./failures/index.ts";

/** What links a failing test to the issue or to the change. */
export interface Relevance {
  root: string;
  repoFiles: readonly string[];
  /** Files the change has written so far (refine rounds add to it). */
  touched: ReadonlySet<string>;
  /** The title and body and the analysis, where a test or its file may be named. */
  text: string;
  /** The reproduction test's path, when there is one. */
  reproduction?: string | undefined;
}

/**
 * The base failures related to the issue or the change. A base failure is related when its test file or
 * one of its traceback frames is a changed file or the reproduction test; when the issue or analysis
 * names the test, its file or (as code) its function; when its test file imports a changed module; when
 * its failure message changed with the change; or when another base failure of the same file was fixed.
 * Erring towards "related" can only withhold "verified", never grant it.
 */
export function relatedFailures(
  base: readonly Failure[],
  now: ReadonlyMap<string, Failure>,
  relevance: Relevance,
): Set<string> {
  const resolve = makeResolver(relevance.repoFiles);
  const changed = new Set(relevance.touched);
  if (relevance.reproduction) changed.add(relevance.reproduction);
  const related = new Set<string>();
  const fixedFiles = new Set<string>();
  const filesOf = new Map(base.map((f) => [f.id, testFiles(f, resolve)]));
  for (const f of base) if (!now.has(f.id)) for (const file of filesOf.get(f.id) ?? []) fixedFiles.add(file);
  for (const f of base) {
    const files = filesOf.get(f.id) ?? [];
    const after = now.get(f.id);
    if (
      [...files, ...f.frames.map((fr) => fr.path)].some((p) => changed.has(p)) ||
      namedIn(relevance.text, f, files) ||
      files.some((file) => importsChanged(relevance.root, file, changed)) ||
      (after !== undefined && normalise(after.message) !== normalise(f.message)) ||
      files.some((file) => fixedFiles.has(file))
    )
      related.add(f.id);
  }
  return related;
}

/** The repository files a test id names (`tests/test_x.py::test_y`, `test/a.test.js > adds`). */
function testFiles(f: Failure, resolve: (printed: string) => string | null): string[] {
  const files = new Set<string>();
  for (const token of f.id.split(/::|\s>\s|\s|\(|\)/)) {
    if (!/\.[A-Za-z]{1,5}$/.test(token)) continue;
    const file = resolve(token);
    if (file) files.add(file);
  }
  return [...files];
}

function namedIn(text: string, f: Failure, files: string[]): boolean {
  if (text === "") return false;
  if (text.includes(f.id) || files.some((file) => text.includes(file))) return true;
  const name =
    f.id
      .split(/::|\s>\s|\./)
      .at(-1)
      ?.trim() ?? "";
  const stem = name.replace(/^(test_?|Test)/, "").replace(/\[.*$/, "");
  if (name.length >= 4 && new RegExp(`\\b${escapeRegExp(name)}\\b`).test(text)) return true;
  // The function under test, written as code: `add(` or `add` in backticks.
  return stem.length >= 3 && new RegExp(`(\\b${escapeRegExp(stem)}\\s*\\(|\`${escapeRegExp(stem)}\\b)`).test(text);
}

/** A test file that imports a changed module (by its file stem, on an import line). */
function importsChanged(root: string, testFile: string, changed: ReadonlySet<string>): boolean {
  let text: string;
  try {
    text = readFileSync(join(root, testFile), "utf8");
  } catch {
    return false;
  }
  const imports = text.split("\n").filter((l) => /^\s*(import\b|from\s+\S+\s+import\b|.*\brequire\s*\(|use\s)/.test(l));
  if (imports.length === 0) return false;
  for (const file of changed) {
    if (file === testFile) continue;
    for (const name of moduleNames(file)) {
      const word = new RegExp(`(^|[^\\w-])${escapeRegExp(name)}([^\\w-]|$)`);
      if (imports.some((line) => word.test(line))) return true;
    }
  }
  return false;
}

/** Folders that name no module of their own: importing "src" says nothing about which file. */
const GENERIC_DIRS = new Set(["src", "lib", "app", "pkg", "internal", "source", "main", "java", "python", "js"]);

/** The names a changed file is imported by: its stem, and its package folders (`calc` for calc/ops.py). */
function moduleNames(file: string): string[] {
  const stem = basename(file, extname(file));
  const dirs = file.split("/").slice(0, -1);
  const names = [stem, ...dirs].filter(
    (n) => n.length >= 2 && !GENERIC_DIRS.has(n) && !/^(index|__init__|mod)$/.test(n),
  );
  return [...new Set(names)];
}

/** Messages compared without what changes from run to run: addresses, durations. */
function normalise(message: string): string {
  return message
    .replace(/0x[0-9a-f]+/gi, "0x")
    .replace(/\b\d+(\.\d+)?\s*(ms|s|sec|seconds)\b/g, "N")
    .replace(/\s+/g, " ")
    .trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
