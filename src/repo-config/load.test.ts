import assert from "node:assert/strict";
import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { InputError } from "../errors/index.ts";
import { loadRepoConfig, parseRepoConfig, repoConfigSchema } from "./index.ts";

const KNOWN = Object.keys(repoConfigSchema.shape).join(", ");

function problem(text: string): string {
  try {
    parseRepoConfig(text);
  } catch (error) {
    assert.ok(error instanceof InputError);
    return error.message;
  }
  assert.fail("expected an InputError");
}

test("defaults apply and every field is read", () => {
  assert.deepEqual(parseRepoConfig("test_command: npm test\n"), {
    testCommand: "npm test",
    timeoutSec: 600,
    maxRetries: 3,
    protectedPaths: [],
    restrictedPaths: [],
    networkForSetup: true,
    sandboxReadOnly: [],
    reproduction: "commit",
    verify: "required",
  });
  const full = parseRepoConfig(
    [
      "test_command: pytest -q",
      "setup_command: pip install -e .",
      "lint_command: ruff check .",
      "timeout: 120",
      "max_retries: 10",
      "protected_paths: [migrations/**]",
      "restricted_paths:",
      "  - secrets/*",
      "network_for_setup: false",
      "sandbox:",
      "  read_only: [/opt/tools, /srv/fixtures]",
    ].join("\n"),
  );
  assert.equal(full.setupCommand, "pip install -e .");
  assert.equal(full.lintCommand, "ruff check .");
  assert.equal(full.timeoutSec, 120);
  assert.equal(full.maxRetries, 10);
  assert.deepEqual(full.protectedPaths, ["migrations/**"]);
  assert.deepEqual(full.restrictedPaths, ["secrets/*"]);
  assert.equal(full.networkForSetup, false);
  assert.deepEqual(full.sandboxReadOnly, ["/opt/tools", "/srv/fixtures"]);
  assert.equal(parseRepoConfig("").maxRetries, 3);
});

test("an invalid file is reported with its line and field", () => {
  assert.equal(
    problem("test_command: npm test\nmax_retries: 11\n"),
    ".booty.yml:2: max_retries: expected a whole number from 0 to 10",
  );
  assert.equal(
    problem("timeout: 30\n\nnetwork_for_setup: yes please\n"),
    ".booty.yml:3: network_for_setup: expected true or false",
  );
  assert.match(
    problem("test_command: x\ntest_comand: y\n"),
    /^\.booty\.yml:2: test_comand: unknown setting \(known: test_command/,
  );
  assert.equal(
    problem("protected_paths:\n  - ok/**\n  - 42\n"),
    ".booty.yml:3: protected_paths.1: expected a path pattern (text)",
  );
  assert.equal(problem('test_command: ""\n'), ".booty.yml:1: test_command: expected a non-empty command line");
  assert.match(problem("test_command: [unclosed\n"), /^\.booty\.yml:\d+: \(syntax\): /);
  assert.match(problem("- just\n- a list\n"), /^\.booty\.yml:1: \(top level\): expected a mapping/);
  assert.match(problem("timeout: 1\ntimeout: 2\n"), /^\.booty\.yml:2: \(syntax\): /);
});

test("sandbox.read_only takes absolute paths only, and sandbox no other key", () => {
  assert.equal(
    problem("timeout: 30\nsandbox:\n  read_only: [relative/dir]\n"),
    ".booty.yml:3: sandbox.read_only.0: expected an absolute path",
  );
  assert.match(problem("sandbox:\n  read_write: [/tmp]\n"), /^\.booty\.yml:2: sandbox\.read_write: /);
  assert.equal(problem("sandbox: [/opt]\n"), ".booty.yml:1: sandbox: expected a mapping (read_only: [paths])");
});

test("a negation in restricted_paths or protected_paths is refused, naming its line", () => {
  assert.match(
    problem('test_command: x\nrestricted_paths:\n  - docs/**\n  - "!*"\n'),
    /^\.booty\.yml:4: restricted_paths\.1: a negation \('!…'\) is not allowed: .*only add restrictions/,
  );
  assert.match(problem('protected_paths: ["  !**/*"]\n'), /^\.booty\.yml:1: protected_paths\.0: a negation/);
  assert.deepEqual(parseRepoConfig("restricted_paths: ['a/!b']\n").restrictedPaths, ["a/!b"]);
});

test("every problem in the file is reported at once, in line order, on one line", () => {
  assert.equal(
    problem("max_retries: 11\ntest_comand: y\ntimeout: soon\nlint_comand: z\n"),
    [
      ".booty.yml:1: max_retries: expected a whole number from 0 to 10",
      `.booty.yml:2: test_comand: unknown setting (known: ${KNOWN})`,
      ".booty.yml:3: timeout: expected seconds, a whole number from 1 to 7200",
      `.booty.yml:4: lint_comand: unknown setting (known: ${KNOWN})`,
    ].join("; "),
  );
  const syntax = problem("timeout: 1\ntimeout: 2\nmax_retries: 1\nmax_retries: 2\n");
  assert.match(syntax, /^\.booty\.yml:2: \(syntax\): .*; \.booty\.yml:4: \(syntax\): /);
  assert.doesNotMatch(syntax, /\n/);
});

test("loadRepoConfig: null without the file, refuses a symlink", async () => {
  const root = await mkdtemp(join(tmpdir(), "booty-repocfg-"));
  try {
    assert.equal(await loadRepoConfig(root), null);
    await writeFile(join(root, ".booty.yml"), "test_command: go test ./...\nmax_retries: 1\n");
    assert.equal((await loadRepoConfig(root))?.maxRetries, 1);
    await rm(join(root, ".booty.yml"));
    await symlink("/etc/passwd", join(root, ".booty.yml"));
    await assert.rejects(loadRepoConfig(root), /\.booty\.yml:1: \(file\): expected a regular file/);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test("max_cost_usd and max_tokens: read when valid; a bad one named with its line", () => {
  assert.deepEqual(
    { ...parseRepoConfig("max_cost_usd: 0.5\nmax_tokens: 20000\n") },
    { ...parseRepoConfig(""), maxCostUsd: 0.5, maxTokens: 20_000 },
  );
  assert.equal(problem("max_cost_usd: abc\n"), ".booty.yml:1: max_cost_usd: expected US dollars, a number above 0");
  assert.equal(
    problem("timeout: 60\nmax_cost_usd: -2\n"),
    ".booty.yml:2: max_cost_usd: expected US dollars, a number above 0",
  );
  assert.equal(problem("max_tokens: 1.5\n"), ".booty.yml:1: max_tokens: expected a whole number of tokens above 0");
  assert.equal(problem("max_tokens: 0\n"), ".booty.yml:1: max_tokens: expected a whole number of tokens above 0");
});
