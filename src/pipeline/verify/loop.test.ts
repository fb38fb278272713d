/** The refine loop against a real bubblewrap sandbox and real `node --test` runs. */
import assert from "node:assert/strict";
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ModelOutputError } from "../../errors/index.ts";
import { silentLogger } from "../../log/logger.ts";
import { parseRepoConfig } from "../../repo-config/index.ts";
import { createSandbox, type Sandbox } from "../../sandbox/index.ts";
import { runBaseline, verifyAndRefine } from "./index.ts";

const logger = silentLogger();
const UID = 260_000 + (process.pid % 10_000);
const BROKEN = "export const add = (a, b) => a - b;\n";
const FIXED = "export const add = (a, b) => a + b;\n";
const TEST = [
  'import assert from "node:assert/strict";',
  'import { test } from "node:test";',
  'import { add } from "../src/add.js";',
  'test("adds", () => assert.equal(add(2, 3), 5));',
  "",
].join("\n");

let sandbox: Sandbox;
let parent: string;

before(async () => {
  sandbox = await createSandbox({ mode: "bwrap", logger, uid: UID });
  parent = await mkdtemp(join(tmpdir(), "booty-refine-test-"));
  await chmod(parent, 0o711);
});
after(() => rm(parent, { recursive: true, force: true }));

const config = parseRepoConfig("test_command: node --test\ntimeout: 20\n");

type BaselineOptions = Parameters<typeof runBaseline>[0];
type VerifyOptions = Parameters<typeof verifyAndRefine>[0];

/**
 * A scratch repository with these files. `baseline` and `verify` run the real loop over it with this file's
 * defaults (sandboxed, the `node --test` config, nothing detected; verify: no baseline, 3 retries), which
 * each test overrides where it is about something else.
 */
async function repo(files: Record<string, string>) {
  const root = await mkdtemp(join(parent, "repo-"));
  const write = async (path: string, text: string) => {
    await mkdir(join(root, path, ".."), { recursive: true });
    await writeFile(join(root, path), text);
  };
  for (const [path, text] of Object.entries(files)) await write(path, text);
  const list = async () =>
    (await readdir(root, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(root.length + 1));
  const shared = { sandbox, root, config, detected: null, logger, scratchParent: parent };
  const baseline = async (over: Partial<BaselineOptions> = {}) =>
    runBaseline({ ...shared, files: await list(), ...over });
  const verify = (over: Partial<VerifyOptions> & Pick<VerifyOptions, "refine">) =>
    verifyAndRefine({ ...shared, repoFiles: list, baseline: null, maxRetries: 3, ...over });
  return { write, baseline, verify };
}

/** A node project whose one test checks `add` (given as FIXED or BROKEN), plus any extra files. */
const addProject = (add: string, extra: Record<string, string> = {}) =>
  repo({ "package.json": '{"type":"module"}', "src/add.js": add, "test/add.test.js": TEST, ...extra });

test("fails first, fixed on the second refinement: verified, with each round recorded", async () => {
  const r = await addProject(FIXED);
  const baseline = await r.baseline();
  assert.equal(baseline.run?.passed, true);
  await r.write("src/add.js", BROKEN); // the change under test breaks it
  const calls: { text: string; implicated: string[] }[] = [];
  const v = await r.verify({
    baseline,
    refine: async (text, implicated) => {
      calls.push({ text, implicated });
      await r.write("src/add.js", calls.length === 1 ? "export const add = (a, b) => a * b;\n" : FIXED);
    },
  });
  assert.equal(v.verified, true);
  assert.equal(v.sandboxed, true);
  assert.deepEqual(
    v.rounds.map((x) => [x.round, x.passed, x.failures]),
    [
      [1, false, ["test/add.test.js > adds"]],
      [2, false, ["test/add.test.js > adds"]],
      [3, true, []],
    ],
  );
  assert.match(calls[0]?.text ?? "", /test\/add\.test\.js > adds[\s\S]*-1 !== 5/);
  assert.deepEqual(calls[0]?.implicated, ["test/add.test.js"]);
  assert.equal(v.failureSummary, undefined);
  assert.deepEqual(
    await readdir(parent).then((names) => names.filter((n) => n.startsWith("booty-ws-"))),
    [],
    "scratch removed",
  );
});

test("never fixed: unverified after maxRetries refinements, with the failure summary", async () => {
  const r = await addProject(BROKEN);
  let calls = 0;
  const v = await r.verify({
    maxRetries: 2,
    refine: async () => {
      calls += 1;
    },
  });
  assert.equal(v.verified, false);
  assert.equal(calls, 2);
  assert.equal(v.rounds.length, 3);
  assert.ok(v.rounds.every((x) => !x.passed));
  assert.match(v.failureSummary ?? "", /test\/add\.test\.js > adds/);
  assert.match(v.note ?? "", /still fail after 3 round/);
});

test("failures already present at the base commit are not counted", async () => {
  const other = 'import { test } from "node:test";\ntest("flaky legacy", () => { throw new Error("old"); });\n';
  const r = await addProject(FIXED, { "test/old.test.js": other });
  const baseline = await r.baseline();
  assert.deepEqual(
    baseline.run?.failures.map((f) => f.id),
    ["test/old.test.js > flaky legacy"],
  );
  await r.write("src/extra.js", "export const x = 1;\n");
  const v = await r.verify({ baseline, refine: async () => assert.fail("nothing new to refine") });
  assert.equal(v.verified, true);
  assert.match(v.note ?? "", /1 test\(s\) also fail at the base commit/);
  assert.deepEqual(v.unrelated, [{ id: "test/old.test.js > flaky legacy", fixed: false }]);
});

test("an unusable refinement ends the loop unverified; no test command is never a silent pass", async () => {
  const r = await addProject(BROKEN);
  const v = await r.verify({
    refine: async () => {
      throw new ModelOutputError("edit did not match");
    },
  });
  assert.equal(v.verified, false);
  assert.equal(v.rounds.length, 1);
  assert.match(v.note ?? "", /refinement stopped: edit did not match/);

  const none = await r.verify({ config: null, refine: async () => {} });
  assert.deepEqual(
    { verified: none.verified, command: none.command, rounds: none.rounds },
    { verified: false, command: null, rounds: [] },
  );
  assert.match(none.note ?? "", /no test command found: the change is unverified/);
});

test("detected command and unsandboxed runs are stated in the note", async () => {
  const r = await addProject(FIXED);
  const v = await r.verify({
    sandbox: await createSandbox({ mode: "none", logger }),
    config: null,
    detected: { command: "node --test", reason: "package.json has a test script" },
    maxRetries: 1,
    refine: async () => {},
  });
  assert.equal(v.verified, true);
  assert.equal(v.sandboxed, false);
  assert.match(v.note ?? "", /tests ran unsandboxed \(BOOTY_SANDBOX=none\)/);
  assert.match(v.note ?? "", /test command detected: node --test \(package\.json has a test script\)/);
});

test("a command failing as a whole at the base is the target: refined while its output changes, stopped when it repeats", async () => {
  const c = parseRepoConfig("test_command: echo cannot start; exit 3\n");
  const r = await repo({ "a.txt": "a" });
  const baseline = await r.baseline({ config: c });
  let calls = 0;
  const v = await r.verify({
    config: c,
    baseline,
    refine: async () => {
      calls += 1;
    },
  });
  assert.equal(v.verified, false);
  assert.equal(calls, 1, "one refinement, then the same output twice stops the loop");
  assert.deepEqual(
    v.rounds.map((x) => x.passed),
    [false, false],
  );
  assert.match(v.note ?? "", /two rounds in a row failed with the same output/);
  assert.match(v.failureSummary ?? "", /fails as a whole, as it did at the base commit; it must pass/);
  assert.doesNotMatch(v.failureSummary ?? "", /New failures/, "the PR body must not call them new");

  const fixedLater = parseRepoConfig("test_command: test -f fixed.txt || { echo missing; exit 3; }\n");
  const base = await r.baseline({ config: fixedLater });
  const w = await r.verify({
    config: fixedLater,
    baseline: base,
    refine: async () => r.write("fixed.txt", "now"),
  });
  assert.equal(w.verified, true);
  assert.deepEqual(
    w.rounds.map((x) => x.passed),
    [false, true],
  );
  assert.deepEqual(
    w.targets?.map((t) => t.after),
    [null],
  );
});
