import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { LanguageId } from "./languages.ts";

/**
 * Where each tree-sitter grammar comes from. All are prebuilt .wasm files inside npm packages, so nothing is
 * compiled or downloaded at run time:
 * - `@repomix/tree-sitter-wasms`: built from the official grammar packages with tree-sitter-cli 0.26
 *   (ABI 14/15, loads in web-tree-sitter 0.25), no install scripts, no dependencies, 17 grammars.
 * - `@vscode/tree-sitter-wasm`: VS Code's build (cli 0.25); used only for bash, which repomix lacks.
 * JSON, JSONC and YAML are checked with dedicated parsers instead (see pipeline/validate).
 */
export interface GrammarSource {
  packageName: string;
  file: string;
}

const REPOMIX = "@repomix/tree-sitter-wasms";
const VSCODE = "@vscode/tree-sitter-wasm";

const repomix = (name: string): GrammarSource => ({ packageName: REPOMIX, file: `out/tree-sitter-${name}.wasm` });

export const GRAMMAR_SOURCES: Readonly<Partial<Record<LanguageId, GrammarSource>>> = {
  python: repomix("python"),
  javascript: repomix("javascript"),
  typescript: repomix("typescript"),
  tsx: repomix("tsx"),
  go: repomix("go"),
  rust: repomix("rust"),
  java: repomix("java"),
  ruby: repomix("ruby"),
  c: repomix("c"),
  cpp: repomix("cpp"),
  c_sharp: repomix("c_sharp"),
  php: repomix("php"),
  css: repomix("css"),
  swift: repomix("swift"),
  dart: repomix("dart"),
  solidity: repomix("solidity"),
  bash: { packageName: VSCODE, file: "wasm/tree-sitter-bash.wasm" },
};

/**
 * The absolute path of the grammar's .wasm file, or null when the language has no grammar or its package is
 * not installed. Packages are found the way Node finds them from this module (their package.json may not
 * export the .wasm files, so we resolve the package root and join).
 */
export function grammarPath(id: LanguageId): string | null {
  const source = GRAMMAR_SOURCES[id];
  if (!source) return null;
  let root: URL;
  try {
    root = new URL("./", import.meta.resolve(`${source.packageName}/package.json`));
  } catch {
    return null;
  }
  const path = fileURLToPath(new URL(source.file, root));
  return existsSync(path) ? path : null;
}
