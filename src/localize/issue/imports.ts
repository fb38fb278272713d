/**
 * Names an issue's code takes from modules it imports: `os.chdir(...)` after `import os`, `rmtree` after
 * `from shutil import rmtree`, `fs.readFileSync` after `import fs from "fs"`. When such a module is not part
 * of the repository, the name is the standard library's or a dependency's, and a repository file that
 * happens to define the same name (`def chdir` in a test helper) is not what the issue is about.
 */

const PY_IMPORT = /^\s*import\s+([\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)\s*$/gm;
const PY_FROM = /^\s*from\s+([\w.]+)\s+import\s+\(?([\w\s,]+)\)?\s*$/gm;
const JS_IMPORT = /^\s*import\s+(?:\*\s+as\s+)?(\w+)?\s*,?\s*(?:\{([^}]*)\})?\s*from\s+["']([^"']+)["']/gm;
const JS_REQUIRE = /\b(?:const|let|var)\s+(?:(\w+)|\{([^}]*)\})\s*=\s*require\(\s*["']([^"']+)["']\s*\)/g;
const QUALIFIED = /(?<![\w.])([A-Za-z_$][\w$]*)((?:\.[A-Za-z_$][\w$]*)+)/g;

/**
 * Standard-library modules that snippets use without showing their import (`os.path.join(...)` in a
 * traceback's source line): Python's and Node's most common ones.
 */
const STANDARD = [
  "os sys re json shutil subprocess pathlib typing collections itertools functools datetime time math random",
  "io tempfile glob copy inspect ast argparse unittest threading asyncio socket errno importlib pickle csv",
  "string textwrap traceback warnings weakref contextlib dataclasses enum abc operator struct hashlib base64",
  "uuid urllib http email xml sqlite3 platform signal queue multiprocessing concurrent logging fs child_process",
  "crypto util events stream process console",
].flatMap((l) => l.split(" "));
const REBOUND = new RegExp(`\\b(${STANDARD.join("|")})\\s*=(?!=)`, "g");

/** Built-in functions and types of Python and JavaScript: a bare `str(x)` or `len(x)` is the language's. */
const BUILTINS = new Set(
  [
    "str repr len print int float list dict set tuple type object isinstance issubclass getattr setattr hasattr",
    "delattr open range iter next super format sorted reversed min max sum any all map filter zip enumerate id",
    "hash bool bytes bytearray callable vars dir input exec eval compile globals locals staticmethod classmethod",
    "property frozenset slice abs round divmod pow chr ord hex oct bin",
    "console require JSON Object Array String Number Boolean Promise Math Date Error RegExp Symbol Map Set",
    "parseInt parseFloat setTimeout setInterval clearTimeout",
  ].flatMap((l) => l.split(" ")),
);

const SELF = new Set(["self", "this", "cls"]);

/** Per imported name or alias, the module it stands for (its top-level package: `os.path` → `os`). */
export function importedNames(code: string): Map<string, string> {
  const out = new Map<string, string>();
  // Assumed imported unless the snippet binds the name to something else (`process = Popen(...)`).
  const rebound = new Set([...code.matchAll(REBOUND)].map((m) => m[1]));
  for (const mod of STANDARD) if (!rebound.has(mod)) out.set(mod, mod);
  const top = (mod: string) => mod.replace(/^node:/, "").split(/[./]/)[0] ?? mod;
  for (const m of code.matchAll(PY_IMPORT)) {
    for (const part of (m[1] ?? "").split(",")) {
      const [mod, alias] = part.trim().split(/\s+as\s+/);
      if (mod) out.set(alias ?? top(mod), top(mod));
    }
  }
  for (const m of code.matchAll(PY_FROM)) {
    if ((m[1] ?? "").startsWith(".")) continue;
    for (const part of (m[2] ?? "").split(",")) {
      const [name, alias] = part.trim().split(/\s+as\s+/);
      if (name) out.set(alias ?? name, top(m[1] ?? ""));
    }
  }
  for (const m of [...code.matchAll(JS_IMPORT), ...code.matchAll(JS_REQUIRE)]) {
    const mod = m[3] ?? "";
    if (mod.startsWith(".") || mod.startsWith("/")) continue;
    if (m[1]) out.set(m[1], top(mod));
    for (const part of (m[2] ?? "").split(",")) {
      const [name, alias] = part.trim().split(/\s+as\s+|\s*:\s*/);
      if (name) out.set(alias ?? name, top(mod));
    }
  }
  return out;
}

/**
 * Identifiers of `code` reached only through imported modules: `chdir` in `os.chdir` (and `path`, `join` in
 * `os.path.join`), names imported with `from m import name`. Each maps to the modules that reach it; a name
 * that also occurs on its own, or after a local object (`request.node`), is left out. Bare built-ins
 * (`str(x)`) map to `builtins`, attributes of `self`/`this` to `self`.
 */
export function importQualified(code: string, imports: ReadonlyMap<string, string>): Map<string, Set<string>> {
  const via = new Map<string, Set<string>>();
  const free = new Set<string>();
  const importLines = /^\s*(?:import|from)\s.*$/gm;
  const body = code.replace(importLines, " ");
  for (const [alias, mod] of imports) if (alias !== mod) addVia(via, alias, mod);
  for (const m of body.matchAll(QUALIFIED)) {
    const head = m[1] ?? "";
    // `self.config` in a traceback's source line is the enclosing class's own attribute, already credited
    // to the frame's file; in the reporter's code it is theirs. Either way not another file's definition.
    const mod = SELF.has(head) ? "self" : imports.get(head);
    const tail = (m[2] ?? "").split(".").filter(Boolean);
    if (mod === undefined) {
      for (const name of tail) free.add(name);
      continue;
    }
    for (const name of tail) addVia(via, name, mod);
  }
  // Names used bare (not after a dot) count as free unless they are the imported names themselves or the
  // language's built-ins.
  for (const m of body.matchAll(/(?<![\w.$])[A-Za-z_$][\w$]*/g)) {
    const name = m[0];
    const mod = imports.get(name);
    if (mod !== undefined && mod !== name) addVia(via, name, mod);
    else if (mod === undefined && BUILTINS.has(name)) addVia(via, name, "builtins");
    else if (mod === undefined) free.add(name);
  }
  for (const name of free) via.delete(name);
  return via;
}

function addVia(via: Map<string, Set<string>>, name: string, mod: string): void {
  const set = via.get(name) ?? new Set<string>();
  set.add(mod);
  via.set(name, set);
}
