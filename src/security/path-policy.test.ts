import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { PolicyError } from "../errors/index.ts";
import { createPathPolicy, writeFileNoFollow } from "./path-policy.ts";

function workspace(t: { after(fn: () => void): void }): string {
  const root = mkdtempSync(join(tmpdir(), "booty-policy-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, "src"));
  writeFileSync(join(root, "src/a.ts"), "a");
  writeFileSync(join(root, "README.md"), "r");
  return root;
}

function refused(policy: { check(p: string): string }, path: string, rule: RegExp): void {
  assert.throws(
    () => policy.check(path),
    (error: unknown) => error instanceof PolicyError && rule.test(error.message),
    `${JSON.stringify(path)} should be refused with ${rule}`,
  );
}

test("relative paths are normalised and returned", (t) => {
  const policy = createPathPolicy({ root: workspace(t), restricted: [] });
  assert.equal(policy.check("src/a.ts"), "src/a.ts");
  assert.equal(policy.check("./src//a.ts"), "src/a.ts");
  assert.equal(policy.check("lib/../src/new/deep.ts"), "src/new/deep.ts");
  assert.equal(policy.check("docs/"), "docs");
});

test("absolute, home, drive, backslash, escaping and control-character paths are refused", (t) => {
  const policy = createPathPolicy({ root: workspace(t), restricted: [] });
  refused(policy, "/etc/passwd", /absolute/);
  refused(policy, "~/.ssh/id_rsa", /'~'/);
  refused(policy, "C:/Windows/x", /drive letter/);
  refused(policy, "src\\a.ts", /backslash/);
  refused(policy, "..", /escapes/);
  refused(policy, "src/../../outside", /escapes/);
  refused(policy, "src/a\u0000.ts", /NUL or control/);
  refused(policy, "src/a\n.ts", /NUL or control/);
  refused(policy, "", /empty/);
  refused(policy, ".", /root/);
});

test("any .git component in any letter case, and .gitmodules, are refused", (t) => {
  const policy = createPathPolicy({ root: workspace(t), restricted: [] });
  for (const path of [
    ".git/config",
    ".GIT/config",
    "sub/.Git/hooks/pre-commit",
    ".git",
    ".gitmodules",
    ".git./x",
    ".git\u200c/config",
    "GIT~1/config",
  ]) {
    refused(policy, path, /git's own/);
  }
  assert.equal(policy.check(".gitignore"), ".gitignore");
  assert.equal(policy.check("src/git/x.ts"), "src/git/x.ts");
});

test("symlinks anywhere on the path are refused, dangling ones included", (t) => {
  const root = workspace(t);
  symlinkSync(join(root, "src"), join(root, "linked"));
  symlinkSync("/nonexistent/target", join(root, "dangling"));
  symlinkSync("/etc/passwd", join(root, "src/passwd"));
  const policy = createPathPolicy({ root, restricted: [] });
  refused(policy, "linked/a.ts", /'linked' is a symlink/);
  refused(policy, "linked/new.ts", /'linked' is a symlink/);
  refused(policy, "dangling", /'dangling' is a symlink/);
  refused(policy, "dangling/x.ts", /'dangling' is a symlink/);
  refused(policy, "src/passwd", /'src\/passwd' is a symlink/);
  refused(policy, "README.md/x", /not a directory/);
  refused(policy, "src", /is a directory/);
});

test("restricted and protected patterns use gitignore semantics and name the rule", (t) => {
  const policy = createPathPolicy({
    root: workspace(t),
    restricted: [".github/workflows/**", ".env", "**/secrets.*", "/Dockerfile"],
    protected: ["package-lock.json"],
  });
  refused(policy, ".github/workflows/ci.yml", /restricted pattern '\.github\/workflows\/\*\*'/);
  refused(policy, "config/.env", /restricted pattern '\.env'/);
  refused(policy, "a/b/secrets.json", /restricted pattern/);
  refused(policy, "Dockerfile", /restricted pattern '\/Dockerfile'/);
  refused(policy, "web/package-lock.json", /protected pattern 'package-lock\.json'/);
  refused(policy, ".GitHub/Workflows/ci.yml", /restricted pattern/);
  assert.equal(policy.check("sub/Dockerfile"), "sub/Dockerfile");
  assert.equal(policy.check(".github/ISSUE_TEMPLATE.md"), ".github/ISSUE_TEMPLATE.md");
});

test("writeFileNoFollow creates parents and never writes through a symlink", async (t) => {
  const root = workspace(t);
  const outside = mkdtempSync(join(tmpdir(), "booty-outside-"));
  t.after(() => rmSync(outside, { recursive: true, force: true }));
  writeFileSync(join(outside, "victim"), "original");

  await writeFileNoFollow(root, "new/deep/file.ts", "hello");
  assert.equal(readFileSync(join(root, "new/deep/file.ts"), "utf8"), "hello");

  // Symlinks that appear after the check (a race) are still refused at write time.
  symlinkSync(join(outside, "victim"), join(root, "src/victim"));
  await assert.rejects(writeFileNoFollow(root, "src/victim", "pwned"), PolicyError);
  symlinkSync(outside, join(root, "out"));
  await assert.rejects(writeFileNoFollow(root, "out/victim", "pwned"), PolicyError);
  await assert.rejects(writeFileNoFollow(root, "src/../../x", "pwned"), PolicyError);
  assert.equal(readFileSync(join(outside, "victim"), "utf8"), "original");
});

test("a repository's lists only add: a negation cannot lift the operator's or booty's own patterns", (t) => {
  const root = workspace(t);
  const policy = createPathPolicy({
    root,
    restricted: [".github/workflows/**", "*lock.json"],
    protected: ["src/security/**"],
    repository: { restricted: ["migrations/**"], protected: [] },
  });
  refused(policy, ".github/workflows/exfil.yml", /restricted pattern '\.github\/workflows\/\*\*'/);
  refused(policy, "package-lock.json", /restricted pattern/);
  refused(policy, "src/security/x.ts", /protected pattern/);
  refused(policy, "migrations/001.sql", /restricted pattern 'migrations\/\*\*'/);
  for (const lists of [
    { restricted: ["!*"], protected: [] },
    { restricted: [], protected: ["!**/*"] },
  ]) {
    assert.throws(
      () => createPathPolicy({ root, restricted: [".github/workflows/**"], repository: lists }),
      (error: unknown) => error instanceof PolicyError && /may only add restrictions/.test(error.message),
    );
  }
});
