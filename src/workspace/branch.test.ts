import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { InputError } from "../errors/index.ts";
import { assertSafeBranchName, branchName } from "./branch.ts";

test("issue branches are booty/issue-N-slug with an ascii slug of at most 50 characters", () => {
  assert.equal(branchName("booty/", 12, "Add retries to HTTP client"), "booty/issue-12-add-retries-to-http-client");
  assert.equal(branchName("booty", 3, "Café: naïve façade!"), "booty/issue-3-cafe-naive-facade");
  assert.equal(branchName("booty/", 4, "🔥🔥"), "booty/issue-4");
  const long = branchName("booty/", 7, "word ".repeat(40));
  const slug = long.slice("booty/issue-7-".length);
  assert.ok(slug.length <= 50 && !slug.endsWith("-"), slug);
  assert.equal(
    branchName("booty/", 9, "--upload-pack=touch /tmp/x; rm -rf ~"),
    "booty/issue-9-upload-pack-touch-tmp-x-rm-rf",
  );
});

test("without an issue number the branch is a short slug and a stable hash", () => {
  const a = branchName("booty/", undefined, "Fix the parser");
  assert.match(a, /^booty\/fix-the-parser-[0-9a-f]{8}$/);
  assert.equal(branchName("booty/", undefined, "Fix the parser"), a);
  assert.notEqual(branchName("booty/", undefined, "Fix the lexer"), a);
  assert.match(branchName("booty/", undefined, "!!!"), /^booty\/change-[0-9a-f]{8}$/);
});

const UNSAFE = [
  "-x",
  "a..b",
  "a b",
  "a~1",
  "a^",
  "a:b",
  "a?",
  "a*",
  "a[",
  "a\\b",
  "a@{1}",
  "x.lock",
  "x/",
  "/x",
  "a//b",
  "a.",
  ".a",
  "a/.b",
  "a\u0001b",
  "é",
  "",
];

test("unsafe branch names are refused; accepted ones pass git check-ref-format", () => {
  for (const name of UNSAFE) {
    assert.throws(() => assertSafeBranchName(name), InputError, name);
  }
  for (const name of ["booty/issue-1-x", "feature/a_b.c", "v1.2"]) {
    assert.doesNotThrow(() => assertSafeBranchName(name));
    const checked = spawnSync("git", ["check-ref-format", "--branch", name], { encoding: "utf8" });
    assert.equal(checked.status, 0, name);
  }
});
