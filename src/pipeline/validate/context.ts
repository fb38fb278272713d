import { clipWith } from "../../text/clip.ts";

/** Numbered lines `line-before … line+after` of `text`, with a caret under `column` of `line`. */
export function contextAround(text: string, line: number, column: number, before = 2, after = 1): string {
  const lines = text.split(/\r?\n/);
  const first = Math.max(1, line - before);
  const last = Math.min(lines.length, line + after);
  const width = String(last).length;
  const out: string[] = [];
  for (let number = first; number <= last; number += 1) {
    // Tabs become one space so that the caret stays under the column it points at.
    const content = clip((lines[number - 1] ?? "").replaceAll("\t", " "));
    out.push(`${String(number).padStart(width)} | ${content}`);
    if (number === line) out.push(`${" ".repeat(width)} | ${" ".repeat(Math.min(column - 1, 160))}^`);
  }
  return out.join("\n");
}

/** Long lines (minified files) would flood the model's context. */
function clip(content: string): string {
  return clipWith(content, 160);
}
