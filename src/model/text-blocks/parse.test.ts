import assert from "node:assert/strict";
import { test } from "node:test";
import type { CodeGenerationPlan } from "../schemas/plan.ts";
import { type BlockContext, parseTextBlocks } from "./parse.ts";
import { renderTextBlocks } from "./render.ts";

const FILES: Record<string, string> = {
  "src/calc.py": "def add(a, b):\n    return a - b\n",
  "README.md": "# Calc\n\n```sh\npip install calc\n```\n",
  "docs/index.rst": "Calc\n=======\n\nAdds numbers.\n",
  "old.txt": "bye\n",
};

function context(format: BlockContext["format"] = "search-replace"): BlockContext {
  return { format, exists: (path) => path in FILES, read: (path) => FILES[path] };
}

function parsed(text: string, ctx = context()): CodeGenerationPlan {
  const result = parseTextBlocks(text, ctx);
  assert.ok(result.ok, result.ok ? "" : result.error);
  return result.value;
}

function refused(text: string, ctx = context()): string {
  const result = parseTextBlocks(text, ctx);
  assert.ok(!result.ok, "expected the answer to be refused");
  return result.error;
}

test("an answer with a SEARCH block, a new file and a deletion becomes a plan", () => {
  const plan = parsed(
    [
      "Approach: add must add.",
      "It subtracted.",
      "Testing: a test of add.",
      "",
      "src/calc.py",
      "<<<<<<< SEARCH",
      "    return a - b",
      "=======",
      "    return a + b",
      ">>>>>>> REPLACE",
      "",
      "tests/test_calc.py",
      "```python",
      "from calc import add",
      "```",
      "",
      "DELETE old.txt",
    ].join("\n"),
  );
  assert.equal(plan.approach, "add must add.\nIt subtracted.");
  assert.equal(plan.testingNotes, "a test of add.");
  assert.deepEqual(plan.changes, [
    {
      path: "src/calc.py",
      operation: "modify",
      edits: [{ search: "    return a - b\n", replace: "    return a + b\n" }],
      explanation: "",
    },
    { path: "tests/test_calc.py", operation: "create", content: "from calc import add\n", explanation: "" },
    { path: "old.txt", operation: "delete", explanation: "" },
  ]);
});

test("several blocks for one file are its edits in order; Aider's fenced blocks and decorated paths parse", () => {
  const block = (from: string, to: string) => ["<<<<<<< SEARCH", from, "=======", to, ">>>>>>> REPLACE"];
  const plan = parsed(
    [
      "Approach: two edits.",
      "`src/calc.py`",
      ...block("def add(a, b):", "def add(a, b):  # sum"),
      "**src/calc.py**",
      "```python",
      ...block("    return a - b", "    return a + b"),
      "```",
    ].join("\n"),
  );
  assert.deepEqual(
    plan.changes[0]?.edits?.map((e) => e.replace),
    ["def add(a, b):  # sum\n", "    return a + b\n"],
  );
  assert.equal(plan.changes.length, 1);
});

test("a Markdown file holding ``` is fenced with more backticks than any run inside it", () => {
  const content = "# Calc\n\n```sh\npip install calc\n```\n\n````\nnested\n````\n";
  const plan = parsed(`Approach: docs.\n\nREADME.md\n\`\`\`\`\`\n${content}\`\`\`\`\`\n`);
  assert.equal(plan.changes[0]?.content, content);
  assert.equal(plan.changes[0]?.operation, "modify");
  // With a fence no longer than the file's own, the file's first ``` closes it; what follows is refused.
  const error = refused(`Approach: docs.\n\nREADME.md\n\`\`\`\n${content}\`\`\`\n`);
  assert.match(
    error,
    /^line 11: a fenced block without a file path.*fence a file that holds ``` lines with more backticks/,
  );
});

test("a line of ======= in the code: longer markers, or the file decides, or the block is refused", () => {
  const longer = parsed(
    "Approach: retitle.\n\ndocs/index.rst\n<<<<<<<< SEARCH\nCalc\n=======\n========\nCalculator\n==========\n>>>>>>>> REPLACE\n",
  );
  assert.deepEqual(longer.changes[0]?.edits, [{ search: "Calc\n=======\n", replace: "Calculator\n==========\n" }]);
  const sevens =
    "Approach: retitle.\n\ndocs/index.rst\n<<<<<<< SEARCH\nCalc\n=======\n=======\nSum\n=======\n>>>>>>> REPLACE\n";
  assert.deepEqual(parsed(sevens).changes[0]?.edits, [{ search: "Calc\n=======\n", replace: "Sum\n=======\n" }]);
  const unknown = refused(sevens, { ...context(), read: () => undefined });
  assert.match(
    unknown,
    /^line 4: the block for docs\/index\.rst has 3 divider lines \(lines 6, 7, 9\); write its markers with 8/,
  );
});

test("malformed blocks are refused naming the line", () => {
  const cases: [string, RegExp][] = [
    [
      "Approach: x.\n\nsrc/calc.py\n<<<<<<< SEARCH\n    return a - b\n=======\n",
      /^line 4: the <<<<<<< SEARCH block for src\/calc\.py is never closed/,
    ],
    [
      "Approach: x.\n\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n",
      /^line 3: <<<<<<< SEARCH has no file path on the line before it/,
    ],
    [
      "Approach: x.\n\nsrc/nope.py\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n",
      /^line 3: src\/nope\.py is not in the repository/,
    ],
    ["Approach: x.\n\nnew.py\n```\nprint(1)\n", /^line 4: the fence that opens new\.py is never closed/],
    ["Approach: x.\n\nDELETE gone.txt\n", /^line 3: DELETE gone\.txt: there is no such file/],
    ["Approach: x.\n\n=======\n", /^line 3: ======= outside a SEARCH block/],
    ["Approach: nothing to do.\n", /^line 2: the answer has no edit blocks/],
    ["src/calc.py\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n", /^line 1: the answer has no approach/],
    [
      "Approach: x.\n\nold.txt\n```\nhi\n```\nDELETE old.txt\n",
      /^line 7: old\.txt already has a modify block at line 3/,
    ],
    [
      "Approach: x.\n\nsrc/calc.py\n<<<<<<< SEARCH\n=======\nb\n>>>>>>> REPLACE\n",
      /^line 4: the SEARCH part for src\/calc\.py is empty/,
    ],
  ];
  for (const [text, expected] of cases) assert.match(refused(text), expected, text);
});

test("an empty SEARCH for a file that does not exist creates it", () => {
  const plan = parsed("Approach: x.\n\nnew.py\n<<<<<<< SEARCH\n=======\nprint(1)\n>>>>>>> REPLACE\n");
  assert.deepEqual(plan.changes, [{ path: "new.py", operation: "create", content: "print(1)\n", explanation: "" }]);
});

test("the path policy's refusal is not a malformed block: it is thrown", () => {
  const ctx: BlockContext = {
    format: "search-replace",
    exists: (path) => {
      if (path.startsWith("..")) throw new Error(`refused ${path}`);
      return false;
    },
  };
  assert.throws(
    () => parseTextBlocks("Approach: x.\n\n../etc/passwd\n```\nroot\n```\n", ctx),
    /refused \.\.\/etc\/passwd/,
  );
});

test("with udiff the answer's fenced diffs (or a bare diff) become the plan's diff", () => {
  const diff =
    "--- a/README.md\n+++ b/README.md\n@@ -3,3 +3,3 @@\n ```sh\n-pip install calc\n+pip install calc2\n ```\n";
  const fenced = parsed(`Approach: rename.\nTesting: none.\n\n\`\`\`diff\n${diff}\`\`\`\n`, context("udiff"));
  assert.equal(fenced.diff, diff);
  assert.equal(fenced.testingNotes, "none.");
  assert.equal(parsed(`Approach: rename.\n\n${diff}`, context("udiff")).diff, diff);
  assert.match(refused("Approach: rename.\n", context("udiff")), /^line 1: the answer has no unified diff/);
  assert.match(
    refused("Approach: x.\n```python\nprint(1)\n```\n", context("udiff")),
    /^line 2: a fenced block that is not a unified diff/,
  );
});

test("code that JSON would have to escape comes back byte for byte from the rendered blocks", () => {
  const hard = [
    'print("she said \\"hi\\"")\n',
    "path = 'C:\\\\temp\\\\'\n",
    'msg = "line one\\nline two"\n',
    "\tindented\twith\ttabs\n",
    "#define LONG_MACRO(x) \\\n  do { x; } while (0)\n",
    "windows = 1\r\nline = 2\r\n",
    "```js\nconsole.log('`')\n```\n======\n=======\n",
    "merge = 1\n<<<<<<< SEARCH\nnot a marker\n>>>>>>> REPLACE\n",
  ];
  for (const text of hard) {
    const plan: CodeGenerationPlan = {
      approach: "escape nothing",
      testingNotes: "round trip",
      changes: [
        {
          path: "src/calc.py",
          operation: "modify",
          edits: [{ search: text, replace: `${text}x = 1\n` }],
          explanation: "",
        },
        { path: "new.md", operation: "create", content: text, explanation: "" },
      ],
    };
    assert.deepEqual(parsed(renderTextBlocks(plan)), plan, JSON.stringify(text));
  }
  const unterminated: CodeGenerationPlan = {
    approach: "a",
    testingNotes: "",
    changes: [{ path: "new.txt", operation: "create", content: "last line\\", explanation: "" }],
  };
  const rendered = renderTextBlocks(unterminated);
  assert.match(rendered, /```\n\\ No newline at end of file\n$/);
  assert.deepEqual(parsed(rendered), unterminated, "git's marker after the fence: no final line break");
});

test("the example the system prompt shows parses, in both formats", async () => {
  const { editRules } = await import("../prompts/text-format.ts");
  const exists = (path: string) => path === "src/calc.py" || path === "src/old_calc.py";
  for (const format of ["search-replace", "whole", "udiff"] as const) {
    const example = editRules(format).split("Example:\n\n")[1] ?? "";
    const result = parseTextBlocks(example, { format, exists });
    assert.ok(result.ok, `${format}: ${result.ok ? "" : result.error}`);
    assert.equal(result.value.approach, "add() subtracted instead of adding.");
  }
});
