/**
 * The escaping cases JSON hid: code holding quotes, backslashes, `\n` in strings, tabs, trailing
 * backslashes, Windows line endings, Markdown with fences, and lines that look like the blocks' own
 * markers. Each change is written three ways (a SEARCH block, the whole file, a unified diff), as a model
 * following the format would, and once more with naive seven-character markers and three-backtick
 * fences, as a model ignoring the rule for longer markers would.
 *
 * Exports: `ESCAPING_CASES`, `escapingInputs(c)`, `EscapingCase`.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface EscapingCase {
  name: string;
  path: string;
  before: string;
  after: string;
}

const crlf = (text: string) => text.replace(/\n/g, "\r\n");

export const ESCAPING_CASES: EscapingCase[] = [
  {
    name: "quotes",
    path: "greet.py",
    before: "def greet():\n    print(\"she said 'hi'\")\n    return 1\n",
    after: 'def greet():\n    print("she said \\"hi\\" and \'bye\'")\n    return 1\n',
  },
  {
    name: "backslashes",
    path: "paths.py",
    before: 'import re\nROOT = "C:\\\\temp"\nNUM = re.compile(r"\\d+")\n',
    after: 'import re\nROOT = "C:\\\\temp\\\\new"\nNUM = re.compile(r"\\d+\\\\s*")\n',
  },
  {
    name: "newline escapes",
    path: "msg.js",
    before: 'export const msg = "one\\ntwo";\nexport const end = 1;\n',
    after: 'export const msg = "one\\ntwo\\nthree\\r\\n";\nexport const end = 1;\n',
  },
  {
    name: "tabs",
    path: "Makefile",
    before: "all:\n\tgo build ./...\n\ntest:\n\tgo test ./...\n",
    after: "all:\n\tgo build ./...\n\ntest:\n\tgo vet ./...\n\tgo test\t-race ./...\n",
  },
  {
    name: "trailing backslashes",
    path: "macro.h",
    before: "#define SWAP(a, b) \\\n  do { int t = a; a = b; b = t; } while (0)\nint x;\n",
    after: "#define SWAP(a, b) \\\n  do { \\\n    int t = a; a = b; b = t; \\\n  } while (0)\nint x;\n",
  },
  {
    name: "crlf",
    path: "Program.cs",
    before: crlf('class P {\n  static void Main() {\n    System.Console.WriteLine("a");\n  }\n}\n'),
    after: crlf('class P {\n  static void Main() {\n    System.Console.WriteLine("a\\tb");\n  }\n}\n'),
  },
  {
    name: "markdown fences",
    path: "README.md",
    before: "# Tool\n\n```sh\npip install tool\n```\n\nUse it.\n",
    after: "# Tool\n\n```sh\npip install tool==2.0\n```\n\n````md\n```python\nimport tool\n```\n````\n\nUse it.\n",
  },
  {
    name: "marker-like lines",
    path: "docs/guide.rst",
    before: "Guide\n=======\n\nText.\n",
    after: "Guide\n=======\n\nMerging\n=======\n\n<<<<<<< SEARCH\nis how blocks start.\n",
  },
];

/** The smallest changed region, as one search/replace edit with a line of context each side. */
export function editOf(c: EscapingCase): { search: string; replace: string } {
  const a = c.before.split(/(?<=\n)/);
  const b = c.after.split(/(?<=\n)/);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const from = Math.max(0, start - 1);
  const keep = Math.max(0, end - 1);
  return { search: a.slice(from, a.length - keep).join(""), replace: b.slice(from, b.length - keep).join("") };
}

/** `git diff --no-index` of the two versions, with a/ and b/ named after the case's path. */
export async function diffOf(c: EscapingCase): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "booty-bench-escape-"));
  try {
    await writeFile(join(dir, "before"), c.before);
    await writeFile(join(dir, "after"), c.after);
    const out = await run("git", ["diff", "--no-index", "before", "after"], { cwd: dir }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }),
    );
    return out.stdout
      .replace(/^diff --git .*\n(?:index .*\n)?/, "")
      .replace(/^--- a\/before$/m, `--- a/${c.path}`)
      .replace(/^\+\+\+ b\/after$/m, `+++ b/${c.path}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The same answer with seven-character markers and three-backtick fences whatever the code holds: only
 * the lines that are the answer's own markers change (a block's opener, its divider, its closer; a file's
 * fence), found the way the renderer wrote them.
 */
export function naive(text: string): string {
  const lines = text.split("\n");
  let marker = 0;
  let fence = "";
  for (const [i, line] of lines.entries()) {
    if (fence !== "") {
      if (line === fence) {
        lines[i] = "```";
        fence = "";
      }
    } else if (marker > 0) {
      if (line === "=".repeat(marker)) lines[i] = "=======";
      else if (line === `${">".repeat(marker)} REPLACE`) {
        lines[i] = ">>>>>>> REPLACE";
        marker = 0;
      }
    } else if (/^<{7,} SEARCH$/.test(line)) {
      marker = line.indexOf(" ");
      lines[i] = "<<<<<<< SEARCH";
    } else if (/^`{3,}/.test(line)) {
      fence = /^`+/.exec(line)?.[0] ?? "```";
      lines[i] = `\`\`\`${line.slice(fence.length)}`;
    }
  }
  return lines.join("\n");
}
