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

async function repo(
  files: Record<string, string>,
): Promise<{ root: string; write: (p: string, t: string) => Promise<void>; list: () => Promise<string[]> }> {
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
  return { root, write, list };
}

const config = parseRepoConfig("test_command: node --test\ntimeout: 20\n");

test("fails first, fixed on the second refinement: verified, with each round recorded", async () => {
  const r = await repo({ "package.json": '{"type":"module"}', "src/add.js": FIXED, "test/add.test.js": TEST });
  const baseline = await runBaseline({
    sandbox,
    root: r.root,
    config,
    detected: null,
    logger,
    files: await r.list(),
    scratchParent: parent,
  });
  assert.equal(baseline.run?.passed, true);
  await r.write("src/add.js", BROKEN); // the change under test breaks it
  const calls: { text: string; implicated: string[] }[] = [];
  const v = await verifyAndRefine({
    sandbox,
    root: r.root,
    repoFiles: r.list,
    config,
    detected: null,
    baseline,
    maxRetries: 3,
    logger,
    scratchParent: parent,
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
  const r = await repo({ "package.json": '{"type":"module"}', "src/add.js": BROKEN, "test/add.test.js": TEST });
  let calls = 0;
  const v = await verifyAndRefine({
    sandbox,
    root: r.root,
    repoFiles: r.list,
    config,
    detected: null,
    baseline: null,
    maxRetries: 2,
    logger,
    scratchParent: parent,
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
  const r = await repo({
    "package.json": '{"type":"module"}',
    "src/add.js": FIXED,
    "test/add.test.js": TEST,
    "test/old.test.js": other,
  });
  const baseline = await runBaseline({
    sandbox,
    root: r.root,
    config,
    detected: null,
    logger,
    files: await r.list(),
    scratchParent: parent,
  });
  assert.deepEqual(
    baseline.run?.failures.map((f) => f.id),
    ["test/old.test.js > flaky legacy"],
  );
  await r.write("src/extra.js", "export const x = 1;\n");
  const v = await verifyAndRefine({
    sandbox,
    root: r.root,
    repoFiles: r.list,
    config,
    detected: null,
    baseline,
    maxRetries: 3,
    logger,
    scratchParent: parent,
    refine: async () => assert.fail("nothing new to refine"),
  });
  assert.equal(v.verified, true);
  assert.match(v.note ?? "", /1 test\(s\) also fail at the base commit/);
});

test("an unusable refinement ends the loop unverified; no test command is never a silent pass", async () => {
  const r = await repo({ "package.json": '{"type":"module"}', "src/add.js": BROKEN, "test/add.test.js": TEST });
  const v = await verifyAndRefine({
    sandbox,
    root: r.root,
    repoFiles: r.list,
    config,
    detected: null,
    baseline: null,
    maxRetries: 3,
    logger,
    scratchParent: parent,
    refine: async () => {
      throw new ModelOutputError("edit did not match");
    },
  });
  assert.equal(v.verified, false);
  assert.equal(v.rounds.length, 1);
  assert.match(v.note ?? "", /refinement stopped: edit did not match/);

  const none = await verifyAndRefine({
    sandbox,
    root: r.root,
    repoFiles: r.list,
    config: null,
    detected: null,
    baseline: null,
    maxRetries: 3,
    logger,
    refine: async () => {},
  });
  assert.deepEqual(
    { verified: none.verified, command: none.command, rounds: none.rounds },
    { verified: false, command: null, rounds: [] },
  );
  assert.match(none.note ?? "", /no test command found: the change is unverified/);
});

test("detected command and unsandboxed runs are stated in the note", async () => {
  const r = await repo({ "package.json": '{"type":"module"}', "src/add.js": FIXED, "test/add.test.js": TEST });
  const unsandboxed = await createSandbox({ mode: "none", logger });
  const v = await verifyAndRefine({
    sandbox: unsandboxed,
    root: r.root,
    repoFiles: r.list,
    config: null,
    detected: { command: "node --test", reason: "package.json has a test script" },
    baseline: null,
    maxRetries: 1,
    logger,
    scratchParent: parent,
    refine: async () => {},
  });
  assert.equal(v.verified, true);
  assert.equal(v.sandboxed, false);
  assert.match(v.note ?? "", /tests ran unsandboxed \(BOOTY_SANDBOX=none\)/);
  assert.match(v.note ?? "", /test command detected: node --test \(package\.json has a test script\)/);
});

test("tests broken as a whole at the base cannot verify the change", async () => {
  const c = parseRepoConfig("test_command: echo cannot start; exit 3\n");
  const r = await repo({ "a.txt": "a" });
  const baseline = await runBaseline({
    sandbox,
    root: r.root,
    config: c,
    detected: null,
    logger,
    files: await r.list(),
    scratchParent: parent,
  });
  const v = await verifyAndRefine({
    sandbox,
    root: r.root,
    repoFiles: r.list,
    config: c,
    detected: null,
    baseline,
    maxRetries: 3,
    logger,
    scratchParent: parent,
    refine: async () => assert.fail("no refinement"),
  });
  assert.equal(v.verified, false);
  assert.match(v.note ?? "", /already fail as a whole at the base commit/);
});
