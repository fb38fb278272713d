import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { EditError, PolicyError } from "../../../errors/index.ts";
import { type CodeGenerationPlan, MAX_WHOLE_FILE_LINES } from "../../../model/schemas/index.ts";
import { createPathPolicy } from "../../../security/path-policy.ts";
import { stagePlan } from "../stage.ts";
import { MAX_DIFF_BYTES, parseDiff } from "./parse.ts";

const OPS = ["def add(a, b):", "    return a + b", "", "", "def mul(a, b):", "    return a * b", ""].join("\n");

function workspace(t: { after(fn: () => void): void }) {
  const root = mkdtempSync(join(tmpdir(), "booty-diff-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, "calc"));
  writeFileSync(join(root, "calc/ops.py"), OPS);
  writeFileSync(join(root, "calc/old.py"), "x = 1\ny = 2\n");
  writeFileSync(join(root, "calc/twice.py"), "if a:\n    go()\nif b:\n    go()\n");
  const policy = createPathPolicy({ root, restricted: [".github/workflows/**"] });
  const stage = (plan: Partial<CodeGenerationPlan>) =>
    stagePlan(root, { approach: "test", testingNotes: "", changes: [], ...plan }, policy);
  return { stage, root };
}

const MUL_TO_DIV = [
  "--- a/calc/ops.py",
  "+++ b/calc/ops.py",
  "@@ -4,3 +4,3 @@",
  " ",
  "-def mul(a, b):",
  "-    return a * b",
  "+def div(a, b):",
  "+    return a / b",
  "",
].join("\n");

async function refusal(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  assert.fail("expected the plan to be refused");
}

test("a multi-file git diff creates, modifies, deletes and renames, each through the path policy", async (t) => {
  const { stage } = workspace(t);
  const diff = [
    "diff --git a/calc/ops.py b/calc/ops.py",
    "index 1111111..2222222 100644",
    MUL_TO_DIV,
    "diff --git a/calc/new.py b/calc/new.py",
    "new file mode 100644",
    "--- /dev/null",
    "+++ b/calc/new.py",
    "@@ -0,0 +1,2 @@",
    "+def neg(a):",
    "+    return -a",
    "diff --git a/calc/old.py b/calc/renamed.py",
    "similarity index 60%",
    "rename from calc/old.py",
    "rename to calc/renamed.py",
    "--- a/calc/old.py",
    "+++ b/calc/renamed.py",
    "@@ -1,2 +1,2 @@",
    " x = 1",
    "-y = 2",
    "+y = 3",
    "",
  ].join("\n");
  const staged = await stage({ diff });
  const byPath = Object.fromEntries(staged.map((s) => [s.path, s]));
  assert.equal(
    byPath["calc/ops.py"]?.after,
    OPS.replace("mul(a, b):\n    return a * b", "div(a, b):\n    return a / b"),
  );
  assert.equal(byPath["calc/new.py"]?.after, "def neg(a):\n    return -a\n");
  assert.equal(byPath["calc/new.py"]?.operation, "create");
  assert.equal(byPath["calc/old.py"]?.operation, "delete");
  assert.equal(byPath["calc/renamed.py"]?.after, "x = 1\ny = 3\n");
});

test("hunks whose line numbers drifted, or that lost a context line, still land where their context is", async (t) => {
  const { stage } = workspace(t);
  const drifted = MUL_TO_DIV.replace("@@ -4,3 +4,3 @@", "@@ -40,3 +40,3 @@");
  const [moved] = await stage({
    changes: [{ path: "calc/ops.py", operation: "modify", diff: drifted, explanation: "" }],
  });
  assert.equal(moved?.rungs?.[0], "exact");
  const longer = ["--- a/calc/ops.py", "+++ b/calc/ops.py", "@@ -1,6 +1,6 @@"];
  const body = [
    " def add(a, b):",
    "     return a + b",
    " ",
    " def mul(a, b):",
    "-    return a * b",
    "+    return a @ b",
  ];
  const [fuzzy] = await stage({ diff: `${[...longer, ...body].join("\n")}\n` });
  assert.equal(fuzzy?.after, OPS.replace("a * b", "a @ b"), "the dropped blank line is kept");
  assert.equal(fuzzy?.rungs?.[0], "fuzzy");
});

test("bad diffs are refused with one clear line naming the file, and nothing is staged", async (t) => {
  const { stage } = workspace(t);
  const missing = await refusal(stage({ diff: MUL_TO_DIV.replaceAll("calc/ops.py", "calc/nope.py") }));
  assert.ok(missing instanceof EditError);
  assert.match(missing.message, /^cannot modify calc\/nope\.py: no such file; use create$/);
  const corrupt = await refusal(stage({ diff: MUL_TO_DIV.replace("@@ -4,3 +4,3 @@", "@@ -4,3 +4 @") }));
  assert.match(corrupt.message, /corrupt hunk header at line 3: "@@ -4,3 \+4 @"/);
  const binary = [
    "diff --git a/logo.png b/logo.png",
    "index 1..2 100644",
    "Binary files a/logo.png and b/logo.png differ",
  ];
  const bin = await refusal(stage({ diff: `${binary.join("\n")}\n` }));
  assert.match(bin.message, /binary diff sections are not supported/);
  const huge = await refusal(stage({ diff: `${MUL_TO_DIV}${"+x\n".repeat((50 * 1024 * 1024) / 3)}` }));
  assert.match(huge.message, /the diff is 50\.0 MB; booty applies diffs up to 10 MB/);
  assert.ok(MAX_DIFF_BYTES < 50 * 1024 * 1024);
});

test("a diff that renames into .git/ or a restricted path is refused by the path policy", async (t) => {
  const { stage } = workspace(t);
  for (const target of [".git/hooks/post-checkout", ".github/workflows/ci.yml"]) {
    const diff = [`diff --git a/calc/old.py b/${target}`, "rename from calc/old.py", `rename to ${target}`, ""];
    const error = await refusal(stage({ diff: diff.join("\n") }));
    assert.ok(error instanceof PolicyError, `${target}: ${error.message}`);
  }
  const into = ["--- a/calc/ops.py", "+++ b/../outside.py", "@@ -1 +1 @@", "-def add(a, b):", "+def plus(a, b):", ""];
  assert.ok((await refusal(stage({ diff: into.join("\n") }))) instanceof PolicyError);
});

test("a plan that gives one file edits, a diff and content, in one change or across changes, is refused", async (t) => {
  const { stage } = workspace(t);
  const mixed = await refusal(
    stage({
      changes: [
        {
          path: "calc/ops.py",
          operation: "modify",
          edits: [{ search: "a + b", replace: "b + a" }],
          diff: MUL_TO_DIV,
          content: "x",
          explanation: "",
        },
      ],
    }),
  );
  assert.match(mixed.message, /^the change to calc\/ops\.py gives edits and diff and content; give exactly one/);
  const split = await refusal(
    stage({ diff: MUL_TO_DIV, changes: [{ path: "calc/ops.py", operation: "modify", content: "x", explanation: "" }] }),
  );
  assert.match(split.message, /^the plan changes calc\/ops\.py both in its changes and in its diff/);
});

test("edits whose search is empty, blank, or matches twice once whitespace is ignored are refused", async (t) => {
  const { stage } = workspace(t);
  const edit = (search: string) =>
    refusal(
      stage({
        changes: [{ path: "calc/twice.py", operation: "modify", edits: [{ search, replace: "z" }], explanation: "" }],
      }),
    );
  assert.match((await edit("")).message, /search text is empty/);
  assert.match((await edit("  \n\t\n")).message, /search text is only whitespace/);
  const twice = (await edit("go() \n")).message.split("\n");
  assert.match(
    twice[0] ?? "",
    /^edit for calc\/twice\.py: the search text matches 2 times \(at a different indentation/,
  );
  assert.deepEqual(twice.slice(1), ["candidate 1:", "2 |     go()", "candidate 2:", "4 |     go()"]);
});

test("parseDiff takes counts only as hints and reads plain diff -u headers with timestamps", () => {
  const [patch] = parseDiff("--- calc/ops.py\t2024-01-01\n+++ calc/ops.py\t2024-01-02\n@@ -1,9 +1,9 @@\n-a\n+b\n", "x");
  assert.equal(patch?.oldPath, "calc/ops.py");
  assert.deepEqual(patch?.hunks[0]?.lines, [
    { kind: "-", text: "a" },
    { kind: "+", text: "b" },
  ]);
  assert.throws(() => parseDiff("just prose\n", "x"), /no file in the diff/);
});

test("a whole-file rewrite of a long file is refused with a request for edits; a short one is taken", async (t) => {
  const { stage, root } = workspace(t);
  writeFileSync(join(root, "calc/long.py"), "x = 0\n".repeat(MAX_WHOLE_FILE_LINES + 1));
  const whole = (path: string) =>
    stage({ changes: [{ path, operation: "modify", content: "x = 1\n", explanation: "" }] });
  const error = await refusal(whole("calc/long.py"));
  assert.match(
    error.message,
    /^calc\/long\.py has \d+ lines; a whole-file rewrite is accepted for files up to 400 lines: send search\/replace edits/,
  );
  assert.equal((await whole("calc/old.py"))[0]?.after, "x = 1\n");
});
