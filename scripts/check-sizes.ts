/**
 * The house rules on size: no source file over 300 lines, no function over 80. Functions are found with
 * the TypeScript grammar booty already ships (tree-sitter), so nested functions, methods and arrow
 * functions count, each over its whole span. `node scripts/check-sizes.ts [dir]` prints what is over and
 * exits 1 when anything is.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { withTree } from "../src/lang/index.ts";

const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 80;
const FUNCTION_NODES = new Set([
  "function_declaration",
  "generator_function_declaration",
  "function_expression",
  "arrow_function",
  "method_definition",
]);

interface Finding {
  file: string;
  line: number;
  name: string;
  lines: number;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && !e.name.endsWith(".d.ts"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

type Node = {
  type: string;
  startPosition: { row: number };
  endPosition: { row: number };
  namedChildren: (Node | null)[];
} & {
  childForFieldName(name: string): Node | null;
  parent: Node | null;
  text: string;
};

/** The name a reader would search for: the declaration's, or the variable or property it is assigned to. */
function nameOf(node: Node): string {
  const own = node.childForFieldName("name");
  if (own) return own.text;
  const parent = node.parent;
  const holder = parent?.childForFieldName("name") ?? parent?.childForFieldName("key");
  return holder ? holder.text : `(anonymous ${node.type})`;
}

async function longFunctions(file: string, text: string): Promise<Finding[]> {
  const found: Finding[] = [];
  await withTree("typescript", text, (tree) => {
    const stack: Node[] = [tree.rootNode as unknown as Node];
    while (stack.length > 0) {
      const node = stack.pop() as Node;
      if (FUNCTION_NODES.has(node.type)) {
        const lines = node.endPosition.row - node.startPosition.row + 1;
        if (lines > MAX_FUNCTION_LINES)
          found.push({ file, line: node.startPosition.row + 1, name: nameOf(node), lines });
      }
      for (const child of node.namedChildren) if (child) stack.push(child);
    }
  });
  return found.sort((a, b) => a.line - b.line);
}

const root = process.argv[2] ?? "src";
let over = 0;
for (const path of sourceFiles(root)) {
  const text = readFileSync(path, "utf8");
  const file = relative(process.cwd(), path);
  const lines = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
  if (lines > MAX_FILE_LINES) {
    over++;
    process.stdout.write(`${file}: ${lines} lines (file over ${MAX_FILE_LINES})\n`);
  }
  for (const f of await longFunctions(file, text)) {
    over++;
    process.stdout.write(`${f.file}:${f.line}: ${f.name} is ${f.lines} lines (function over ${MAX_FUNCTION_LINES})\n`);
  }
}
process.stdout.write(`${over === 0 ? "nothing" : over} over the limits\n`);
process.exitCode = over === 0 ? 0 : 1;
