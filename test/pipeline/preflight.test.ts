/**
 * The preflight runs the tests at the base in the real sandbox before any model call: tests that cannot
 * run stop the run with one line and nothing spent, unless verification is optional.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { makeRepo } from "../../src/workspace/test-support.ts";
import { ANALYSIS, NO_CALLS, PLAN, SAMPLE_FILES } from "../support/pipeline-fixtures.ts";
import { runScripted } from "../support/pipeline-run.ts";

const withConfig = (yaml: string) => (dir: string) => makeRepo(dir, { ...SAMPLE_FILES, ".booty.yml": yaml });

for (const [what, command, reason] of [
  ["a test runner that is not installed", "vitest run", /vitest: not found/],
  ["a Python module the tests need that is missing", "python3 -m nosuchrunner", /No module named nosuchrunner/],
] as const) {
  test(`${what}: the run stops before the first model call, saying why in one line`, async (t) => {
    // The script has no answers at all: any model call would fail the run with another error.
    const { report, before, after } = await runScripted(t, {}, { repo: withConfig(`test_command: ${command}\n`) });
    assert.equal(report.status, "failed");
    assert.equal(report.error?.code, "preflight");
    assert.match(report.error?.message ?? "", reason);
    assert.match(report.error?.message ?? "", /verify: optional/, "says what to do");
    assert.doesNotMatch(report.error?.message ?? "", /\n/);
    assert.deepEqual(report.usage, NO_CALLS, "no model call was made");
    assert.equal(report.timings.analyze, undefined);
    assert.equal(typeof report.timings.preflight, "number");
    assert.deepEqual(after, before, "no branch or worktree is left");
  });
}

test("verify: optional goes on, and the report and the PR say that nothing was verified and why", async (t) => {
  const { report } = await runScripted(
    t,
    { analyze: ANALYSIS, generate: PLAN },
    { repo: withConfig("test_command: vitest run\nverify: optional\n") },
  );
  assert.equal(report.status, "succeeded", report.error?.message);
  assert.equal(report.verified, false);
  assert.match(report.verification?.cannotRun ?? "", /vitest: not found/);
  assert.match(report.verification?.note ?? "", /nothing was verified: the tests cannot run/);
  assert.equal(report.pullRequest?.draft, true);
  assert.match(report.pullRequest?.body ?? "", /nothing was verified: the tests cannot run/);
  assert.deepEqual(report.verification?.rounds, []);
});

test("tests that fail at the base for the bug do not stop the run: that is what the change must fix", async (t) => {
  const failing = {
    ...SAMPLE_FILES,
    "tests/test_ops.py": "from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 4\n",
  };
  const { report } = await runScripted(
    t,
    { analyze: ANALYSIS, generate: PLAN },
    {
      repo: (dir) =>
        makeRepo(dir, { ...failing, ".booty.yml": "test_command: python3 -m pytest -q\nmax_retries: 0\n" }),
    },
  );
  assert.equal(report.status, "succeeded", report.error?.message);
  assert.equal(report.verified, false);
  assert.equal(report.verification?.rounds.length, 1);
});

test("dependencies declared but not installed: the one line proposes the setup command", async (t) => {
  const node = {
    "package.json": '{"name":"x","devDependencies":{"vitest":"^3.0.0"},"scripts":{"test":"vitest run"}}\n',
    "package-lock.json": '{"name":"x","lockfileVersion":3,"packages":{}}\n',
    "test/a.test.js": "import { test } from 'vitest';\n",
    ".booty.yml": "test_command: vitest run\n",
  };
  const { report } = await runScripted(t, {}, { repo: (dir) => makeRepo(dir, node) });
  assert.equal(report.error?.code, "preflight", report.error?.message);
  assert.match(report.error?.message ?? "", /package-lock\.json without node_modules\/\): add `setup_command: npm ci`/);
  assert.deepEqual(report.usage, NO_CALLS);
});

test("a setup command that fails is named in the stop line: it explains why the runner is missing", async (t) => {
  const yaml = "setup_command: sh -c 'exit 3'\ntest_command: python3 -m nosuchrunner\n";
  const { report } = await runScripted(t, {}, { repo: withConfig(yaml) });
  assert.equal(report.error?.code, "preflight", report.error?.message);
  assert.match(report.error?.message ?? "", /No module named nosuchrunner \(setup_command failed \(exit 3\)\)/);
  assert.doesNotMatch(report.error?.message ?? "", /\n/);
  assert.deepEqual(report.usage, NO_CALLS);
});
