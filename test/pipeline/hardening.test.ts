import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { git, makeRepo } from "../../src/workspace/test-support.ts";
import { ANALYSIS, PLAN, SAMPLE_FILES } from "../support/pipeline-fixtures.ts";
import { runScripted } from "../support/pipeline-run.ts";

const create = (path: string) => ({ path, operation: "create", content: "x: 1\n", explanation: "hostile" });

describe("a hostile repository or model answer cannot widen what booty writes", () => {
  test(".booty.yml cannot lift the operator's restricted paths with a negation", async (t) => {
    for (const key of ["restricted_paths", "protected_paths"]) {
      const repo = (dir: string) => makeRepo(dir, { ...SAMPLE_FILES, ".booty.yml": `${key}: ["!*"]\n` });
      const plan = { ...PLAN, changes: [...PLAN.changes, create(".github/workflows/exfil.yml")] };
      const { report, before, after } = await runScripted(t, { analyze: ANALYSIS, generate: plan }, { repo });
      assert.equal(report.status, "failed", `${key}: the run must not commit`);
      assert.match(report.error?.message ?? "", new RegExp(`^\\.booty\\.yml:1: ${key}\\.0: a negation`));
      assert.deepEqual(after, before);
    }
  });
});

describe("the default restricted list", () => {
  const paths = [
    "pnpm-lock.yaml",
    "go.sum",
    "Dockerfile.prod",
    ".envrc",
    "deploy/secrets/token.txt",
    ".gitattributes",
    ".gitmodules",
    ".booty.yml",
  ];
  for (const path of paths) {
    test(`refuses a model write to ${path}`, async (t) => {
      const plan = { ...PLAN, changes: [...PLAN.changes, create(path)] };
      const { report, before, after } = await runScripted(t, { analyze: ANALYSIS, generate: plan });
      assert.equal(report.status, "failed");
      assert.match(report.error?.message ?? "", new RegExp(`path refused: "${path.replace(/\./g, "\\.")}"`));
      assert.deepEqual(after, before);
    });
  }
});

test("BOOTY_MAX_FILES holds for the plan, not only for the analysis", async (t) => {
  const extra = Array.from({ length: 15 }, (_, i) => ({
    path: `calc/gen_${i}.py`,
    operation: "create",
    content: "x = 1\n",
    explanation: "more",
  }));
  const plan = { ...PLAN, changes: [...PLAN.changes, ...extra] };
  const env = { BOOTY_MAX_FILES: "3" };
  const { report, before, after } = await runScripted(t, { analyze: ANALYSIS, generate: plan }, { env });
  assert.equal(report.status, "failed");
  assert.match(report.error?.message ?? "", /would touch 16 files; the limit is 3 \(BOOTY_MAX_FILES\)/);
  assert.deepEqual(after, before);
});

describe("what the pull request says is what was committed", () => {
  const withSubmodule = (dir: string) => {
    const repo = makeRepo(dir, { ...SAMPLE_FILES, ".gitignore": "build/\n" });
    const head = git(repo, "rev-parse", "HEAD");
    git(repo, "update-index", "--add", "--cacheinfo", `160000,${head},vendor/lib`);
    git(repo, "commit", "-q", "-m", "add a submodule link");
    return repo;
  };
  for (const [path, why] of [
    ["vendor/lib/injected.py", /inside submodule 'vendor\/lib'/],
    ["build/generated.py", /ignored by \.gitignore/],
  ] as const) {
    test(`a write to ${path} is refused before the commit`, async (t) => {
      const plan = { ...PLAN, changes: [...PLAN.changes, create(path)] };
      const { report, before, after } = await runScripted(
        t,
        { analyze: ANALYSIS, generate: plan },
        { repo: withSubmodule },
      );
      assert.equal(report.status, "failed");
      assert.match(report.error?.message ?? "", why);
      assert.deepEqual(after, before);
    });
  }
});

describe("model text in the pull request and the commit is neutralised", () => {
  test("closing keywords, mentions, HTML comments and raw HTML", async (t) => {
    const hostile = "Fixes #2, fixes #3 and closes demo/other#4; cc @admin-team <img src=x onerror=alert(1)>";
    const analysis = { ...ANALYSIS, summary: `subtract ${hostile}`, taskDescription: hostile };
    const plan = {
      ...PLAN,
      approach: hostile,
      testingNotes: "run it <!-- everything below is hidden",
      changes: [{ ...PLAN.changes[0], explanation: hostile }],
    };
    const { repo, report } = await runScripted(t, { analyze: analysis, generate: plan });
    assert.equal(report.status, "succeeded", report.error?.message);
    const body = report.pullRequest?.body ?? "";
    const live = /\b(close[sd]?|fix(e[sd])?|resolve[sd]?):?\s+([\w.-]+\/[\w.-]+)?#\d+/gi;
    assert.deepEqual(
      [...body.matchAll(live)].map((m) => m[0]),
      ["Closes #7"],
    );
    // booty's own two lines around the verification section are the only HTML comments left.
    const markers = /^<!-- \/?booty:verification -->$/gm;
    assert.equal(body.match(markers)?.length, 2);
    assert.doesNotMatch(body.replace(markers, ""), /<!--|<img|(^|[^`])@admin-team/);
    assert.match(body, /\| `calc\/ops\.py` \| modify \|/, "the change table is still there");
    assert.match(body, /\*\*Verified:\*\* (yes|no)/, "the verification section is still there");
    const message = git(repo, "log", "-1", "--format=%B", report.commit ?? "");
    assert.deepEqual(
      [...message.matchAll(live)].map((m) => m[0]),
      ["Closes #7"],
    );
  });
});
