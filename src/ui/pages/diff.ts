import { type Html, html } from "../html.ts";

/** Past this many lines a diff is shown cut: a page of 200,000 lines helps no one, the PR has it all. */
const MAX_LINES = 5000;

/** A unified diff line's class: what it is, drawn by the stylesheet; the text itself is escaped as any other. */
function lineClass(line: string): string {
  if (line.startsWith("diff --git ")) return "file";
  if (line.startsWith("+++ ") || line.startsWith("--- ")) return "path";
  if (line.startsWith("@@")) return "hunk";
  if (line.startsWith("+")) return "add";
  if (line.startsWith("-")) return "del";
  if (line.startsWith("\\")) return "meta";
  if (line.startsWith(" ") || line === "") return "ctx";
  return "meta";
}

/**
 * The change, highlighted on the server: one element per line, classed as added, removed, hunk or file
 * header. No highlighter runs in the browser and no markup comes from the diff (it is hostile text).
 */
export function diffView(diff: { text: string; truncated: boolean } | null): Html {
  if (!diff || diff.text === "") return html``;
  const lines = diff.text.replace(/\n$/, "").split("\n");
  const shown = lines.slice(0, MAX_LINES);
  const cut = diff.truncated || lines.length > MAX_LINES;
  return html`<h3>Diff</h3>
<pre class="diff">${shown.map((line) => html`<span class="${lineClass(line)}">${line}</span>\n`)}</pre>
${cut ? html`<p class="note">The diff is cut here; the pull request has all of it.</p>` : ""}`;
}
