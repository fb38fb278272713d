import { readFileSync } from "node:fs";
import { basename, dirname, extname, join, normalize } from "node:path";

/** How many modules deep a test's imports are followed (a test → a package's API → the module). */
const MAX_DEPTH = 3;

/**
 * Folders that name no module of their own: importing "src" says nothing about which file, and a word
 * like "test" on an import line (`node:test`) must not lead into every test file.
 */
const GENERIC_DIRS = new Set([
  ...["src", "lib", "app", "pkg", "internal", "source", "main", "java", "python", "js"],
  ...["test", "tests", "spec", "specs", "__tests__", "testing"],
]);

// Rust's `mod x;` only declares a module; `pub use x::*` is what re-exports it.
const IMPORT_LINE =
  /^\s*(import\b|from\s+\S+\s+import\b|export\b.*\bfrom\b|.*\brequire\s*\(|(pub(\([\w:]+\))?\s+)?use\s)/;

/**
 * Whether a test file depends on a changed file through the repository's own imports: directly, or
 * through modules that re-export it (an `api.py` doing `from calc import *`, an `index.js` doing
 * `export * from "./calc.js"`, a crate root doing `pub use calc::*`). Matching is by module name on
 * import lines and by relative specifiers, so it errs towards "depends": that can only withhold "verified".
 */
export function dependencyCheck(
  root: string,
  repoFiles: readonly string[],
): (testFile: string, changed: ReadonlySet<string>) => boolean {
  const byName = modulesByName(root, repoFiles);
  const known = new Set(repoFiles);
  const imports = new Map<string, string[]>();
  const importsOf = (file: string): string[] => {
    let found = imports.get(file);
    if (!found) {
      found = importedFiles(root, file, byName, known);
      imports.set(file, found);
    }
    return found;
  };
  return (testFile, changed) => {
    const seen = new Set([testFile]);
    let frontier = [testFile];
    for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth += 1) {
      const next: string[] = [];
      for (const dep of frontier.flatMap(importsOf)) {
        if (dep !== testFile && changed.has(dep)) return true;
        if (!seen.has(dep)) {
          seen.add(dep);
          next.push(dep);
        }
      }
      frontier = next;
    }
    return false;
  };
}

/** The repository files one file's import lines may name. */
function importedFiles(
  root: string,
  file: string,
  byName: ReadonlyMap<string, string[]>,
  known: ReadonlySet<string>,
): string[] {
  let text: string;
  try {
    text = readFileSync(join(root, file), "utf8");
  } catch {
    return [];
  }
  const found = new Set<string>();
  for (const line of text.split("\n").filter((l) => IMPORT_LINE.test(l))) {
    for (const word of line.split(/[^\w-]+/)) for (const f of byName.get(word) ?? []) found.add(f);
    for (const m of line.matchAll(/["'](\.{1,2}\/[^"']+)["']/g)) {
      const spec = normalize(join(dirname(file), m[1] as string));
      for (const candidate of [spec, ...[".js", ".ts", ".mjs", ".cjs", "/index.js", "/index.ts"].map((e) => spec + e)])
        if (known.has(candidate)) found.add(candidate);
    }
  }
  found.delete(file);
  return [...found];
}

/** Module name → the files it may name: a file's stem and package folders, and a Rust crate's name. */
function modulesByName(root: string, repoFiles: readonly string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  const add = (name: string, file: string) => map.set(name, [...(map.get(name) ?? []), file]);
  for (const file of repoFiles) for (const name of moduleNames(file)) add(name, file);
  if (repoFiles.includes("Cargo.toml") && repoFiles.includes("src/lib.rs")) {
    const crate = /^\s*name\s*=\s*"([\w-]+)"/m.exec(readSmall(join(root, "Cargo.toml")))?.[1];
    if (crate) add(crate.replaceAll("-", "_"), "src/lib.rs");
  }
  return map;
}

/** The names a file is imported by: its stem, and its package folders (`calc` for calc/ops.py). */
export function moduleNames(file: string): string[] {
  const stem = basename(file, extname(file));
  const dirs = file.split("/").slice(0, -1);
  const names = [stem, ...dirs].filter(
    (n) => n.length >= 2 && !GENERIC_DIRS.has(n) && !/^(index|__init__|mod|lib)$/.test(n),
  );
  return [...new Set(names)];
}

function readSmall(path: string): string {
  try {
    return readFileSync(path, "utf8").slice(0, 20_000);
  } catch {
    return "";
  }
}
