import { posix } from "node:path";

const JS_EXTENSIONS = [
  ".ts",
  ".tsx",
  ".d.ts",
  ".js",
  ".jsx",
  ".mjs",
  ".cjs",
  ".mts",
  ".cts",
  ".json",
  ".vue",
  ".svelte",
];

/** TypeScript's ESM convention: `./x.js` in source names `./x.ts` (or .tsx) on disk; likewise .mjs, .cjs. */
const TS_SOURCE_FOR: Readonly<Record<string, readonly string[]>> = {
  ".js": [".ts", ".tsx", ".d.ts"],
  ".jsx": [".tsx"],
  ".mjs": [".mts", ".d.mts"],
  ".cjs": [".cts", ".d.cts"],
};

/**
 * Whether a relative JS/TS import from `fromPath` names a file in `files` (repository-relative, `/`
 * separated). Imports that leave the repository are given the benefit of the doubt.
 */
export function jsImportResolves(fromPath: string, specifier: string, files: ReadonlySet<string>): boolean {
  const bare = specifier.replace(/[?#].*$/, ""); // bundler queries such as ?raw
  const target = posix.normalize(posix.join(posix.dirname(fromPath), bare)).replace(/\/$/, "");
  if (target === ".." || target.startsWith("../")) return true;
  const extension = posix.extname(target);
  const swapped = (TS_SOURCE_FOR[extension] ?? []).map(
    (replacement) => target.slice(0, -extension.length) + replacement,
  );
  const candidates = [
    target,
    ...swapped,
    ...JS_EXTENSIONS.map((ext) => target + ext),
    ...JS_EXTENSIONS.map((ext) => `${target}/index${ext}`),
    `${target}/package.json`,
  ];
  return candidates.some((candidate) => files.has(candidate));
}

/**
 * Whether `from .a.b import c` in `fromPath` names a module in `files`: a .py/.pyi file, a package with
 * __init__, or a namespace package (any file under the directory).
 */
export function pythonImportResolves(fromPath: string, specifier: string, files: ReadonlySet<string>): boolean {
  const dots = /^\.+/.exec(specifier)?.[0].length ?? 0;
  let base = posix.dirname(fromPath);
  for (let level = 1; level < dots; level += 1) {
    if (base === ".") return true; // above the repository root: not ours to judge
    base = posix.dirname(base);
  }
  const module = specifier.slice(dots).split(".").join("/");
  const target = posix.normalize(posix.join(base, module));
  if (target === ".." || target.startsWith("../")) return true;
  if (files.has(`${target}.py`) || files.has(`${target}.pyi`)) return true;
  const prefix = `${target}/`;
  for (const file of files) if (file.startsWith(prefix)) return true;
  return false;
}
