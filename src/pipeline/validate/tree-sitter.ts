import type { LanguageId } from "../../lang/languages.ts";
import { loadLanguage, type Node, Query, type Tree, withTree } from "../../lang/parser.ts";
import { clipWith } from "../../text/clip.ts";
import type { CheckResult, FileProblem } from "./types.ts";

/**
 * Node types that a grammar accepts although the language no longer does (tree-sitter grammars are written
 * for editors and stay lenient); each is reported like a syntax error.
 */
const OBSOLETE_NODES: Partial<Record<LanguageId, Record<string, string>>> = {
  python: {
    print_statement: "Python 2 print statement (use print(...))",
    exec_statement: "Python 2 exec statement (use exec(...))",
  },
};

/** Enough to show the model what is wrong without drowning it in cascades of one mistake. */
const MAX_PROBLEMS = 50;

/**
 * ERROR and MISSING nodes of the tree-sitter parse, in document order, plus obsolete constructs. Only
 * subtrees that contain an error are walked, so a large valid file costs one parse. Null when there is no
 * grammar or the parse timed out.
 */
export async function checkWithTreeSitter(id: LanguageId, text: string, timeoutMs: number): Promise<CheckResult> {
  const problems = await withTree(
    id,
    text,
    async (tree) => {
      const found: FileProblem[] = [];
      collectErrors(tree.rootNode, found);
      found.push(...(await findObsolete(id, tree)));
      return found.sort((a, b) => a.line - b.line || a.column - b.column).slice(0, MAX_PROBLEMS);
    },
    { timeoutMs },
  );
  return problems;
}

function collectErrors(node: Node, out: FileProblem[]): void {
  if (out.length >= MAX_PROBLEMS) return;
  if (node.isMissing) {
    // Named nodes are kinds of things (identifier), anonymous ones literal tokens (")", "fi").
    const what = node.isNamed ? node.type.replaceAll("_", " ") : `'${node.type}'`;
    out.push({ ...start(node), message: `missing ${what}` });
    return;
  }
  if (node.isError) {
    out.push({ ...start(node), message: `syntax error near '${excerpt(node)}'` });
    return;
  }
  if (!node.hasError) return;
  // Not firstChild/nextSibling: in web-tree-sitter 0.25 nextSibling skips zero-width MISSING nodes.
  for (const child of node.children) if (child) collectErrors(child, out);
}

async function findObsolete(id: LanguageId, tree: Tree): Promise<FileProblem[]> {
  const messages = OBSOLETE_NODES[id];
  const language = messages ? await loadLanguage(id) : null;
  if (!messages || !language) return [];
  const query = new Query(
    language,
    Object.keys(messages)
      .map((type) => `(${type}) @node`)
      .join("\n"),
  );
  try {
    return query.captures(tree.rootNode).map(({ node }) => ({ ...start(node), message: messages[node.type] ?? "" }));
  } finally {
    query.delete();
  }
}

function start(node: Node): { line: number; column: number } {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

/** The first line of what the parser could not place, shortened. */
function excerpt(node: Node): string {
  const firstLine = (node.text.split("\n")[0] ?? "").trim();
  const text = firstLine === "" ? node.text.trim() : firstLine;
  return clipWith(text, 40);
}
