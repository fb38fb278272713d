import assert from "node:assert/strict";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { EditError, PolicyError } from "../../errors/index.ts";
import type { CodeGenerationPlan } from "../../model/schemas/index.ts";
import { createPathPolicy } from "../../security/path-policy.ts";
import { git } from "../../workspace/test-support.ts";
import { stagePlan } from "./stage.ts";
import { writeStaged } from "./write.ts";

function workspace(t: { after(fn: () => void): void }) {
  const root = mkdtempSync(join(tmpdir(), "booty-apply-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, "src"));
  writeFileSync(join(root, "src/a.ts"), "export const a = 1;\n");
  writeFileSync(join(root, "src/b.ts"), "export const b = 2;\n");
  writeFileSync(join(root, "run.sh"), "#!/bin/sh\necho hi\n");
  chmodSync(join(root, "run.sh"), 0o755);
  git(root, "init", "-q"); // writeStaged asks git what a commit could carry
  const policy = createPathPolicy({ root, restricted: [".github/workflows/**"] });
  /** Stages a plan made of just these changes against the workspace. */
  const stage = (changes: CodeGenerationPlan["changes"]) =>
    stagePlan(root, { approach: "test", testingNotes: "", changes }, policy);
  return { root, policy, stage };
}

/** Every file under root with its content, for before/after comparison. */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (path.slice(root.length + 1).split("/")[0] === ".git") continue;
    out[path.slice(root.length + 1)] = entry.isDirectory() ? "<dir>" : readFileSync(path, "utf8");
  }
  return out;
}

test("stagePlan computes creates, modifies and deletes in memory and writes nothing", async (t) => {
  const { root, policy, stage } = workspace(t);
  const before = tree(root);
  const staged = await stage([
    { path: "./src/a.ts", operation: "modify", edits: [{ search: "= 1", replace: "= 10" }], explanation: "" },
    { path: "src/new/c.ts", operation: "create", content: "export const c = 3;\n", explanation: "" },
    { path: "src/b.ts", operation: "delete", explanation: "" },
    { path: "run.sh", operation: "modify", content: "#!/bin/sh\necho bye\n", explanation: "" },
  ]);
  assert.deepEqual(tree(root), before);
  assert.deepEqual(
    staged.map((change) => [change.path, change.operation, change.before, change.after]),
    [
      ["src/a.ts", "modify", "export const a = 1;\n", "export const a = 10;\n"],
      ["src/new/c.ts", "create", null, "export const c = 3;\n"],
      ["src/b.ts", "delete", "export const b = 2;\n", null],
      ["run.sh", "modify", "#!/bin/sh\necho hi\n", "#!/bin/sh\necho bye\n"],
    ],
  );
  await writeStaged(root, staged, policy);
  assert.equal(readFileSync(join(root, "src/a.ts"), "utf8"), "export const a = 10;\n");
  assert.equal(readFileSync(join(root, "src/new/c.ts"), "utf8"), "export const c = 3;\n");
  assert.equal(existsSync(join(root, "src/b.ts")), false);
  assert.equal(statSync(join(root, "run.sh")).mode & 0o777, 0o755, "an existing file keeps its mode");
  assert.deepEqual(
    Object.keys(tree(root)).filter((path) => path.includes(".booty-")),
    [],
    "no temp or backup file is left",
  );
});

test("stagePlan reports every edit problem at once, and refuses policy violations before reading", async (t) => {
  const { root, stage } = workspace(t);
  const error = await stage([
    { path: "src/a.ts", operation: "modify", edits: [{ search: "nope nope", replace: "x" }], explanation: "" },
    { path: "src/b.ts", operation: "create", content: "x", explanation: "" },
    { path: "src/zz.ts", operation: "delete", explanation: "" },
    { path: "src/yy.ts", operation: "modify", content: "x", explanation: "" },
  ]).catch((e: unknown) => e);
  assert.ok(error instanceof EditError);
  assert.match(error.message, /^4 changes cannot be applied:\n1\. edit for src\/a\.ts: the search text was not found/);
  assert.match(error.message, /^2\. cannot create src\/b\.ts: it already exists; use modify$/m);
  assert.match(error.message, /^3\. cannot delete src\/zz\.ts: no such file$/m);
  assert.match(error.message, /^4\. cannot modify src\/yy\.ts: no such file; use create$/m);

  symlinkSync("/etc/passwd", join(root, "src/link"));
  for (const path of [".git/config", ".github/workflows/ci.yml", "../x", "src/link"]) {
    await assert.rejects(stage([{ path, operation: "create", content: "x", explanation: "" }]), PolicyError, path);
  }
});

test("binary and non-UTF-8 files are refused with a clear EditError", async (t) => {
  const { root, stage } = workspace(t);
  writeFileSync(join(root, "logo.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
  writeFileSync(join(root, "latin1.txt"), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
  for (const [path, reason] of [
    ["logo.png", /is a binary file/],
    ["latin1.txt", /is not UTF-8 text/],
  ] as const) {
    await assert.rejects(
      stage([{ path, operation: "modify", content: "x", explanation: "" }]),
      (error: unknown) => error instanceof EditError && reason.test(error.message),
    );
  }
});

test("writeStaged rolls everything back when a later write fails", async (t) => {
  const { root, policy } = workspace(t);
  const before = tree(root);
  // A file and a folder of the same name: the last rename fails after the others were applied.
  const staged = [
    { path: "src/a.ts", operation: "modify" as const, before: "export const a = 1;\n", after: "changed\n" },
    { path: "src/b.ts", operation: "delete" as const, before: "export const b = 2;\n", after: null },
    { path: "lib/x", operation: "create" as const, before: null, after: "x\n" },
    { path: "lib/x/y.ts", operation: "create" as const, before: null, after: "y\n" },
  ];
  await assert.rejects(
    writeStaged(root, staged, policy),
    (error: unknown) => error instanceof EditError && /none was applied/.test(error.message),
  );
  assert.deepEqual(tree(root), before);

  // The same when a path stops passing the policy between staging and writing (a parent became a file).
  const later = [
    { path: "src/a.ts", operation: "modify" as const, before: "export const a = 1;\n", after: "changed\n" },
    { path: "new/dir/file.ts", operation: "create" as const, before: null, after: "n\n" },
    { path: "blocked/file.ts", operation: "create" as const, before: null, after: "b\n" },
  ];
  writeFileSync(join(root, "blocked"), "i am a file");
  await assert.rejects(writeStaged(root, later, policy), PolicyError);
  assert.deepEqual(tree(root), { ...before, blocked: "i am a file" });
});

test("writeStaged refuses a file that changed on disk since staging, and symlinks planted since", async (t) => {
  const { root, policy, stage } = workspace(t);
  const staged = await stage([
    { path: "src/a.ts", operation: "modify", edits: [{ search: "1", replace: "2" }], explanation: "" },
  ]);
  writeFileSync(join(root, "src/a.ts"), "export const a = 99;\n");
  await assert.rejects(writeStaged(root, staged, policy), /changed on disk since the edits were computed/);

  const created = [{ path: "out/x.ts", operation: "create" as const, before: null, after: "x" }];
  const outside = mkdtempSync(join(tmpdir(), "booty-outside-"));
  t.after(() => rmSync(outside, { recursive: true, force: true }));
  symlinkSync(outside, join(root, "out"));
  await assert.rejects(writeStaged(root, created, policy), PolicyError);
  assert.deepEqual(readdirSync(outside), []);
});
