import type { LanguageId } from "../../lang/languages.ts";
import { loadLanguage, Query, withTree } from "../../lang/parser.ts";
import type { Position } from "./types.ts";

export interface ImportSpecifier extends Position {
  /** As written: `./x`, `../y.js` for JS/TS; `.mod.sub`, `..pkg` for Python. */
  specifier: string;
}

const JS_QUERY = `
(import_statement source: (string (string_fragment) @spec))
(export_statement source: (string (string_fragment) @spec))
(call_expression function: (identifier) @fn arguments: (arguments . (string (string_fragment) @spec)) (#eq? @fn "require"))
(call_expression function: (import) arguments: (arguments . (string (string_fragment) @spec)))
`;

// `from . import x` is left out: x may be a name defined in __init__.py, not a module.
const PYTHON_QUERY = "(import_from_statement module_name: (relative_import (import_prefix) (dotted_name)) @spec)";

const QUERIES: Partial<Record<LanguageId, string>> = {
  javascript: JS_QUERY,
  typescript: JS_QUERY,
  tsx: JS_QUERY,
  python: PYTHON_QUERY,
};

/**
 * The relative imports of a JS/TS/Python source, found in the syntax tree (so imports inside comments or
 * strings do not count). Empty for other languages or when the file cannot be parsed.
 */
export async function relativeImports(id: LanguageId, text: string): Promise<ImportSpecifier[]> {
  const source = QUERIES[id];
  const language = source ? await loadLanguage(id) : null;
  if (!source || !language) return [];
  const query = new Query(language, source);
  try {
    const found = await withTree(id, text, (tree) =>
      query
        .captures(tree.rootNode)
        .filter((capture) => capture.name === "spec")
        .map(({ node }) => ({
          specifier: node.text.replace(/\s+/g, ""),
          line: node.startPosition.row + 1,
          column: node.startPosition.column + 1,
        }))
        .filter(({ specifier }) => specifier.startsWith(".")),
    );
    return found ?? [];
  } finally {
    query.delete();
  }
}
