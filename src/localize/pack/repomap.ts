import type { Definition } from "../index/defs.ts";

const MAX_FILES = 12;
const MAX_DEFS = 14;

/**
 * A compact outline of the top files: top-level definitions, plus any nested one whose name the issue
 * mentions. Meant to sit in the analyze prompt in place of the full file list.
 */
export function renderRepoMap(
  files: readonly { path: string; defs: readonly Definition[] }[],
  mentioned: ReadonlySet<string>,
): string {
  const out: string[] = [];
  for (const { path, defs } of files.slice(0, MAX_FILES)) {
    out.push(`${path}:`);
    const chosen = defs.filter((d) => d.kind !== "other" && (d.indent === 0 || mentioned.has(d.name.toLowerCase())));
    const first = chosen.filter((d) => mentioned.has(d.name.toLowerCase()));
    const rest = chosen.filter((d) => !mentioned.has(d.name.toLowerCase()));
    const shown = [...first, ...rest].slice(0, MAX_DEFS).sort((a, b) => a.line - b.line);
    for (const d of shown) {
      const word = d.kind === "class" ? "class" : "def";
      out.push(`${d.indent > 0 ? "    " : "  "}${word} ${d.name} (line ${d.line})`);
    }
    if (chosen.length > shown.length) out.push(`  … ${chosen.length - shown.length} more`);
  }
  return out.join("\n");
}
