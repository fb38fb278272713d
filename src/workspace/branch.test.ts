import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { InputError } from "../errors/index.ts";
import { assertSafeBranchName, branchName, slugify } from "./branch.ts";

test("an issue's branch is booty/issue-N whatever its title, so an edited title finds the same branch", () => {
  assert.equal(branchName("booty/", 12, "Add retries to HTTP client"), "booty/issue-12");
  assert.equal(branchName("booty/", 12, "Add retries to the HTTP client (edited)"), "booty/issue-12");
  assert.equal(branchName("booty", 3, "--upload-pack=touch /tmp/x; rm -rf ~"), "booty/issue-3");
  assert.equal(branchName("", 4, "x"), "issue-4");
});

test("ascii slugs are cut at a word boundary", () => {
  assert.equal(slugify("Café: naïve façade!", 50), "cafe-naive-facade");
  assert.equal(slugify("🔥🔥", 50), "");
  const long = slugify("word ".repeat(40), 50);
  assert.ok(long.length <= 50 && !long.endsWith("-"), long);
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
