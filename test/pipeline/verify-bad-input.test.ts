/**
 * Test commands and environments that misbehave: each ends in a clear one-line error or an honest
 * unverified report, and leaves nothing behind. Real bubblewrap, the script model.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { SandboxError } from "../../src/errors/index.ts";
import { makeRepo } from "../../src/workspace/test-support.ts";
import { ANALYSIS, NO_CALLS, PLAN, SAMPLE_FILES } from "../support/pipeline-fixtures.ts";
import { runScripted } from "../support/pipeline-run.ts";

const withConfig = (yaml: string) => (dir: string) => makeRepo(dir, { ...SAMPLE_FILES, ".booty.yml": yaml });
const script = { analyze: ANALYSIS, generate: PLAN, refine: PLAN };

test("a test command that hangs past its timeout: unverified, the loop stops when two rounds time out alike", async (t) => {
  const { report, before, after } = await runScripted(t, script, {
    repo: withConfig("test_command: sleep 30\ntimeout: 2\nmax_retries: 3\n"),
  });
  assert.equal(report.status, "succeeded", report.error?.message);
  assert.equal(report.verified, false);
  assert.equal(report.verification?.rounds.length, 2, "stopped early, not after four rounds");
  assert.match(report.verification?.note ?? "", /two rounds in a row failed with the same output/);
  assert.notDeepEqual(after.branches, before.branches, "the unverified change is still offered, as a draft");
  assert.equal(report.pullRequest?.draft, true);
});

test("a test command that prints 100 MB is cut, not kept whole, and judged on its exit", async (t) => {
  const { report } = await runScripted(t, script, {
    repo: withConfig("test_command: head -c 100000000 /dev/zero | tr '\\\\0' x; exit 1\nmax_retries: 0\n"),
  });
  assert.equal(report.status, "succeeded", report.error?.message);
  assert.equal(report.verified, false);
  assert.ok(JSON.stringify(report).length < 200_000, "the report does not carry the output");
});

test("a setup command that fails: the tests cannot run, and the run stops before any model call", async (t) => {
  const { report, before, after } = await runScripted(
    t,
    {},
    { repo: withConfig("setup_command: exit 7\ntest_command: ./.venv/bin/pytest\nnetwork_for_setup: false\n") },
  );
  assert.equal(report.error?.code, "preflight", report.error?.message);
  assert.match(report.error?.message ?? "", /\.venv\/bin\/pytest: not found/);
  assert.deepEqual(report.usage, NO_CALLS);
  assert.deepEqual(after, before);
});

test("the sandbox unavailable: one line before any model call, and nothing left behind", async (t) => {
  const { report, before, after } = await runScripted(
    t,
    {},
    {
      repo: withConfig("test_command: python3 -m pytest\n"),
      deps: {
        createSandbox: async () => {
          throw new SandboxError("bwrap not found on PATH: apt-get install bubblewrap", { where: "bwrap" });
        },
      },
    },
  );
  assert.equal(report.error?.code, "preflight");
  assert.match(report.error?.message ?? "", /bwrap not found on PATH/);
  assert.match(report.error?.message ?? "", /verify: optional/);
  assert.deepEqual(report.usage, NO_CALLS);
  assert.deepEqual(after, before);
});

test("a reproduction test that deletes files and one that never ends: the run goes on, the copy is repaired", async (t) => {
  const bug = { ...ANALYSIS, kind: "bug" };
  const destructive = {
    path: "tests/test_repro.py",
    content: "import shutil\n\nshutil.rmtree('calc', ignore_errors=True)\n\n\ndef test_x():\n    assert False\n",
    explanation: "deletes the package",
  };
  const endless = {
    path: "tests/test_hang.py",
    content: "import time\n\n\ndef test_x():\n    time.sleep(60)\n",
    explanation: "hangs",
  };
  const { report } = await runScripted(
    t,
    { analyze: bug, reproduce: [endless, destructive], generate: PLAN },
    { repo: withConfig("test_command: python3 -m pytest -q -p no:cacheprovider\ntimeout: 3\n") },
  );
  assert.equal(report.status, "succeeded", report.error?.message);
  assert.equal(report.verification?.reproduction?.path, "tests/test_repro.py");
  // The scratch copy got calc/ back before the change was tested: the only failure is the reproduction.
  assert.deepEqual(report.verification?.rounds.at(-1)?.failures, ["tests/test_repro.py::test_x"]);
  assert.equal(report.verified, false);
});
