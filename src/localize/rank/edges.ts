import type { PathResolver } from "./resolve.ts";

const PY_FROM = /^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)/gm;
const PY_IMPORT = /^[ \t]*import[ \t]+([\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*)/gm;
const JS_FROM =
  /\b(?:import|export)\b[^;'"]*?\bfrom[ \t]*["']([^"']+)["']|\brequire\(\s*["']([^"']+)["']\s*\)|\bimport\(\s*["']([^"']+)["']\s*\)/g;
const JS_EXTENSIONS = [".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", "/index.ts", "/index.tsx", "/index.js"];

/**
 * The repository files one file imports, each with how many names it takes from it (at least 1): Python's
 * `from pkg.mod import a, b` and `import pkg.mod` (relative ones too), JavaScript's and TypeScript's
 * relative `import ... from "./x"` and `require("./x")`. Read from the text with patterns, for the few
 * candidate files being reranked; package imports that name no repository file are left out.
 */
export function importEdges(path: string, text: string, resolver: PathResolver): Map<number, number> {
  const out = new Map<number, number>();
  const add = (doc: number | undefined, names: number) => {
    if (doc !== undefined) out.set(doc, (out.get(doc) ?? 0) + Math.max(1, names));
  };
  const dir = path.slice(0, Math.max(0, path.lastIndexOf("/")));
  if (path.endsWith(".py") || path.endsWith(".pyi")) {
    for (const m of text.matchAll(PY_FROM)) {
      const dots = (m[1] ?? "").length;
      const mod = m[2] ?? "";
      const plain = (m[3] ?? "")
        .replace(/[()\\]/g, " ")
        .split(",")
        .map((p) => p.trim().split(/\s+/)[0] ?? "")
        .filter((n) => /^\w+$/.test(n));
      if (dots > 0) {
        let base = dir;
        for (let i = 1; i < dots; i++) base = base.slice(0, Math.max(0, base.lastIndexOf("/")));
        const prefix = mod ? `${base ? `${base}/` : ""}${mod.replace(/\./g, "/")}` : base;
        const own = pyModuleAt(prefix, resolver);
        // `from . import sub`: each name may be a module of the package.
        const subs = plain.map((n) => pyModuleAt(`${prefix ? `${prefix}/` : ""}${n}`, resolver));
        for (const d of subs) add(d, 1);
        if (subs.every((d) => d === undefined)) add(own, plain.length);
        continue;
      }
      const subs = plain.map((n) => unique(resolver.resolveModule(`${mod}.${n}`)));
      const direct = unique(resolver.resolveModule(mod));
      for (const s of subs) if (s && s.rest.length === 0) add(s.doc, 1);
      if (direct && direct.rest.length === 0) add(direct.doc, plain.length);
    }
    for (const m of text.matchAll(PY_IMPORT)) {
      for (const part of (m[1] ?? "").split(",")) {
        const mod = part.trim().split(/[ \t]+/)[0] ?? "";
        const found = unique(resolver.resolveModule(mod));
        if (found && found.rest.length === 0) add(found.doc, 1);
      }
    }
    return out;
  }
  for (const m of text.matchAll(JS_FROM)) {
    const spec = m[1] ?? m[2] ?? m[3] ?? "";
    if (!spec.startsWith(".")) continue;
    const target = normalise(`${dir}/${spec}`);
    const doc =
      resolver.docAt(target) ?? JS_EXTENSIONS.map((e) => resolver.docAt(target + e)).find((d) => d !== undefined);
    add(doc, 1);
  }
  return out;
}

/** The one module a dotted name resolves to; none when it is ambiguous. */
function unique<T>(found: readonly T[]): T | undefined {
  return found.length === 1 ? found[0] : undefined;
}

function pyModuleAt(path: string, resolver: PathResolver): number | undefined {
  if (!path) return undefined;
  return resolver.docAt(`${path}.py`) ?? resolver.docAt(`${path}/__init__.py`);
}

/** `a/./b/../c` → `a/c`. */
function normalise(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}
