import assert from "node:assert/strict";
import { readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { loadConfig } from "../../src/config/index.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { createModel } from "../../src/model/factory.ts";
import { pipelineDeps, runPipeline } from "../../src/pipeline/run.ts";
import type { IssueInput } from "../../src/pipeline/types.ts";
import { commitFiles, git, tempDir } from "../../src/workspace/test-support.ts";
import { ANALYSIS, PLAN, sampleRepo, snapshot, writeScript } from "../support/pipeline-fixtures.ts";

type Ctx = { after(fn: () => void): void };

async function run(
  t: Ctx,
  script: Record<string, unknown>,
  opts: {
    env?: Record<string, string>;
    issue?: Partial<IssueInput>;
    base?: string;
    dryRun?: boolean;
    repo?: string;
  } = {},
) {
  const dir = tempDir(t, "booty-pipe-");
  const repo = opts.repo ?? sampleRepo(join(dir, "repo"));
  const scriptPath = writeScript(dir, script);
  const config = loadConfig({ HOME: dir, ...opts.env }, { model: `script:${scriptPath}`, dataDir: join(dir, "data") });
  const model = createModel(config.model, { logger: silentLogger() });
  const before = snapshot(repo);
  const issue = { number: 7, title: "Add subtract", body: "We need subtract(a, b).", ...opts.issue };
  const report = await runPipeline(pipelineDeps(config, { model, logger: silentLogger() }), {
    source: repo,
    issue,
    runId: "test-run",
    baseBranch: opts.base,
    dryRun: opts.dryRun ?? false,
  });
  return { repo, report, before, after: snapshot(repo) };
}

describe("runPipeline on a local repository", () => {
  test("leaves exactly one new branch with one conventional commit, and the user's checkout untouched", async (t) => {
    const { repo, report, before, after } = await run(t, { analyze: ANALYSIS, generate: PLAN });
    assert.equal(report.status, "succeeded", report.error?.message);
    assert.equal(report.branch, "booty/issue-7");
    assert.deepEqual(report.changedFiles, ["calc/ops.py"]);
    assert.equal(report.verification?.command, "python3 -m pytest", "detected from the Python test files");
    assert.equal(report.verified, true, "the detected tests ran in the sandbox and pass");
    assert.match(report.verification?.note ?? "", /test command detected/, "the report says where it came from");
    assert.equal(report.pullRequest?.draft, false);
    assert.equal(after.head, before.head);
    assert.equal(after.status, before.status);
    assert.equal(after.worktrees, before.worktrees, "the worktree is removed after the run");
    const branches = git(repo, "branch", "--format=%(refname:short)").split("\n").sort();
    assert.deepEqual(branches, ["booty/issue-7", "main"]);
    assert.equal(git(repo, "rev-list", "--count", "main..booty/issue-7"), "1");
    assert.equal(git(repo, "rev-parse", "booty/issue-7"), report.commit);
    const message = git(repo, "log", "-1", "--format=%B", report.commit ?? "");
    assert.match(message, /^feat\(calc\): add a subtract operation\n\nAdd subtract\(\) beside add\(\)\./);
    assert.match(message, /\n\nCloses #7\n*$/, "no co-author line unless the caller names one (booty run does)");
    assert.match(git(repo, "show", `${report.commit}:calc/ops.py`), /def subtract\(a, b\):\n {4}return a - b/);
    assert.equal(readFileSync(join(repo, "calc/ops.py"), "utf8").includes("subtract"), false);
    assert.equal(report.pullRequest?.title, "feat(calc): add a subtract operation");
    assert.match(report.pullRequest?.body ?? "", /\| `calc\/ops\.py` \| modify \| new operation \|/);
    assert.match(report.pullRequest?.body ?? "", /Closes #7/);
    for (const step of [
      "workspace",
      "list-files",
      "localize",
      "analyze",
      "guard",
      "context",
      "generate",
      "apply",
      "commit",
    ]) {
      assert.equal(typeof report.timings[step], "number", `timing for ${step}`);
    }
    assert.ok(report.usage.inputTokens > 0 && report.usage.outputTokens > 0);
    assert.equal(report.usage.costUsd, null);
  });

  test("a dry run succeeds and leaves no branch", async (t) => {
    const { report, before, after } = await run(t, { analyze: ANALYSIS, generate: PLAN }, { dryRun: true });
    assert.equal(report.status, "succeeded", report.error?.message);
    assert.equal(report.commit, null);
    assert.deepEqual(after, before);
  });

  test("an edit that does not apply is fed back, and the corrected answer is used", async (t) => {
    const bad = { ...PLAN, changes: [{ ...PLAN.changes[0], edits: [{ search: "return a+b", replace: "x" }] }] };
    const { report } = await run(t, { analyze: ANALYSIS, generate: [bad, PLAN] });
    assert.equal(report.status, "succeeded", report.error?.message);
  });
});

const brokenPython = {
  ...PLAN,
  changes: [{ ...PLAN.changes[0], edits: [{ search: "    return a + b\n", replace: "    return (a + b\n" }] }],
};

const failures: [string, Record<string, unknown>, Parameters<typeof run>[2], RegExp][] = [
  ["an unknown base branch", { analyze: ANALYSIS, generate: PLAN }, { base: "nope" }, /unknown base branch 'nope'/],
  ["an empty issue", { analyze: ANALYSIS, generate: PLAN }, { issue: { title: " ", body: "\n" } }, /issue is empty/],
  [
    "a model answer that fails the schema three times",
    { analyze: [{ summary: 1 }, { summary: 2 }, { summary: 3 }], generate: PLAN },
    {},
    /failed the schema 3 times/,
  ],
  [
    "a restricted path",
    { analyze: { ...ANALYSIS, filesToModify: [".github/workflows/ci.yml"] }, generate: PLAN },
    {},
    /\.github\/workflows\/ci\.yml/,
  ],
  [
    "an escaping path",
    { analyze: { ...ANALYSIS, filesToModify: ["../outside.py"] }, generate: PLAN },
    {},
    /\.\.\/outside\.py/,
  ],
  [
    "a restricted path in the plan though not in the analysis",
    { analyze: ANALYSIS, generate: { ...PLAN, changes: [{ path: ".env", operation: "create", content: "X=1\n" }] } },
    {},
    /\.env/,
  ],
  [
    "more files than the limit",
    { analyze: { ...ANALYSIS, filesToModify: ["calc/ops.py", "calc/__init__.py"] }, generate: PLAN },
    { env: { BOOTY_MAX_FILES: "1" } },
    /names 2 files; the limit is 1/,
  ],
  [
    "an issue that cannot fit the budget",
    { analyze: ANALYSIS, generate: PLAN },
    {
      env: { BOOTY_MAX_CONTEXT_TOKENS: "4000", BOOTY_MAX_OUTPUT_TOKENS: "256" },
      issue: { body: "word ".repeat(12_000) },
    },
    /budget/,
  ],
  [
    "a search block that matches nothing, every time",
    {
      analyze: ANALYSIS,
      generate: { ...PLAN, changes: [{ ...PLAN.changes[0], edits: [{ search: "not in the file", replace: "x" }] }] },
    },
    {},
    /calc\/ops\.py/,
  ],
  [
    "a search block that matches twice",
    {
      analyze: ANALYSIS,
      generate: { ...PLAN, changes: [{ ...PLAN.changes[0], edits: [{ search: "a", replace: "b" }] }] },
    },
    {},
    /calc\/ops\.py/,
  ],
  [
    "generated code with a syntax error the retry does not fix",
    { analyze: ANALYSIS, generate: [brokenPython, brokenPython] },
    {},
    /syntax error in calc\/ops\.py:\d+/,
  ],
];

describe("a failed run says what failed in one line and leaves nothing behind", () => {
  for (const [name, script, opts, pattern] of failures) {
    test(name, async (t) => {
      const { report, before, after } = await run(t, script, opts);
      assert.equal(report.status, "failed");
      assert.match(report.error?.message ?? "", pattern);
      assert.doesNotMatch(report.error?.message ?? "", /\n/);
      assert.equal(report.commit, null);
      assert.deepEqual(after, before);
    });
  }

  test("a symlink on the path", async (t) => {
    const dir = tempDir(t, "booty-pipe-");
    const repo = sampleRepo(join(dir, "repo"));
    symlinkSync("calc", join(repo, "lib"));
    commitFiles(repo, {}, "add link");
    const script = { analyze: { ...ANALYSIS, filesToModify: ["lib/ops.py"] }, generate: PLAN };
    const { report, before, after } = await run(t, script, { repo });
    assert.equal(report.status, "failed");
    assert.match(report.error?.message ?? "", /lib\/ops\.py/);
    assert.match(report.error?.message ?? "", /symlink/i);
    assert.deepEqual(after, before);
  });
});
