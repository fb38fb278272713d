import { renderFile } from "../../src/localize/index.ts";

/**
 * The fixed text around the code in SWE-bench's retrieval prompt (paraphrased framing; its size is what
 * matters here): it, the issue, the root README and the example patch all count against the budget.
 */
export function promptOverhead(
  issue: string,
  readme: { path: string; text: string } | null,
  examplePatch: string,
): string {
  return [
    "You will be provided with a partial code base and an issue statement explaining a problem to resolve.",
    "<issue>",
    issue,
    "</issue>",
    "<code>",
    readme ? renderFile(readme.path, readme.text) : "",
    "</code>",
    "Here is an example of a patch file. It consists of changes to the code base. It specifies the file names, the line numbers of each change, and the removed and added lines. A single patch file can contain changes to multiple files.",
    "<patch>",
    examplePatch,
    "</patch>",
    "I need you to solve the provided issue by generating a single patch file that I can apply directly to this repository using git apply. Please respond with a single patch file in the format shown above.",
    "Respond below:",
  ].join("\n");
}

export function findReadme(files: readonly string[]): string | null {
  const top = files.filter((f) => !f.includes("/") && /^readme(\.|$)/i.test(f));
  return top.sort((a, b) => a.length - b.length)[0] ?? null;
}
