import { basename, extname } from "node:path";
import { type Failure, makeResolver } from "./failures/index.ts";
import { dependencyCheck } from "./imports.ts";

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
 * names the test, its file or (as code) its function; when its test file imports a changed module, or a
 * module of the repository that imports one (a re-export); when its failure message changed with the
 * change; or when another base failure of the same file was fixed.
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
  const dependsOn = dependencyCheck(relevance.root, relevance.repoFiles);
  for (const f of base) if (!now.has(f.id)) for (const file of filesOf.get(f.id) ?? []) fixedFiles.add(file);
  for (const f of base) {
    const files = filesOf.get(f.id) ?? [];
    const after = now.get(f.id);
    if (
      [...files, ...f.frames.map((fr) => fr.path)].some((p) => changed.has(p)) ||
      namedIn(relevance.text, f, files) ||
      // Ids that name no file (cargo, go) leave the test's own frames to follow.
      (files.length > 0 ? files : f.frames.map((fr) => fr.path)).some((file) => dependsOn(file, changed)) ||
      files.some((file) => testsChanged(file, changed)) ||
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

/** `tests/test_calc.py`, `calc.test.ts`, `CalcTest.java`: a test file named for a changed file's module. */
function testsChanged(testFile: string, changed: ReadonlySet<string>): boolean {
  const subject = basename(testFile, extname(testFile))
    .replace(/^test_|_test$|[._-](test|spec)$|^Test|Test$/g, "")
    .toLowerCase();
  if (subject.length < 2) return false;
  for (const file of changed) {
    if (file !== testFile && basename(file, extname(file)).toLowerCase() === subject) return true;
  }
  return false;
}

/** Messages compared without what changes from run to run: addresses, durations. */
function normalise(message: string): string {
  return (
    message
      .replace(/0x[0-9a-f]+/gi, "0x")
      // Rust 1.88+ names a panicking thread with its id, different in every run.
      .replace(/\bthread '([^']*)' \(\d+\)/g, "thread '$1'")
      .replace(/\b\d+(\.\d+)?\s*(ms|s|sec|seconds)\b/g, "N")
      .replace(/\s+/g, " ")
      .trim()
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
