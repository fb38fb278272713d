import assert from "node:assert/strict";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { git, tempDir } from "../../src/workspace/test-support.ts";
import { runBooty } from "../support/cli.ts";
import { ANALYSIS, PLAN, sampleRepo, snapshot, writeScript } from "../support/pipeline-fixtures.ts";

function setup(t: { after(fn: () => void): void }) {
  const dir = tempDir(t, "booty-cli-");
  const repo = sampleRepo(join(dir, "repo"));
  const script = writeScript(dir, { analyze: ANALYSIS, generate: PLAN });
  // The user's own identity, in their global git config: booty commits in their name.
  writeFileSync(join(dir, ".gitconfig"), "[user]\n\tname = Test User\n\temail = test@example.com\n");
  const env = { HOME: dir, BOOTY_DATA_DIR: join(dir, "data"), LOG_LEVEL: "warn" };
  return { dir, repo, script, env };
}

describe("booty run", () => {
  test("on a local path: exit 0, one JSON object on stdout, one new branch with one commit", async (t) => {
    const { repo, script, env } = setup(t);
    const result = await runBooty(
      [
        "run",
        "--repo",
        repo,
        "--title",
        "Add subtract",
        "--issue-number",
        "3",
        "--model",
        `script:${script}`,
        "--json",
      ],
      env,
    );
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.equal(report.status, "succeeded");
    assert.equal(report.branch, "booty/issue-3");
    assert.equal(git(repo, "rev-list", "--count", `main..${report.branch}`), "1");
    assert.equal(git(repo, "branch", "--list", "booty/*").split("\n").length, 1);
    assert.deepEqual(
      Object.keys(report).filter((k) =>
        ["status", "branch", "commit", "changedFiles", "verified", "timings", "usage", "pullRequest"].includes(k),
      ).length,
      8,
    );
  });

  test("on a file:// URL: the branch lands in the cached mirror and the upstream is untouched", async (t) => {
    const { dir, repo, script, env } = setup(t);
    const before = snapshot(repo);
    const result = await runBooty(
      ["run", "--repo", `file://${repo}`, "--title", "Add subtract", "--model", `script:${script}`, "--json"],
      env,
    );
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.deepEqual(snapshot(repo), before);
    const mirror = findBareRepos(join(dir, "data"))[0];
    assert.ok(mirror, "a bare mirror is cached under the data directory");
    assert.equal(git(mirror, "rev-list", "--count", `origin/main..${report.branch}`), "1");
    assert.equal(git(mirror, "rev-parse", report.branch), report.commit);
    assert.match(report.branch, /^booty\/add-subtract/);
  });
});

/** A bad input: its name, the arguments (made after the repository's snapshot), the one line, and any setting. */
type BadInput = [string, (ctx: ReturnType<typeof setup>) => string[], RegExp, Record<string, string>?];

const badInputs: BadInput[] = [
  [
    "not a git repository",
    (c) => ["run", "--repo", c.dir, "--title", "x", "--model", `script:${c.script}`],
    /not a git repository/,
  ],
  [
    "an unknown model provider",
    (c) => ["run", "--repo", c.repo, "--title", "x", "--model", "foo:bar"],
    /unknown model provider 'foo'/,
  ],
  [
    "a missing API key",
    (c) => ["run", "--repo", c.repo, "--title", "x", "--model", "anthropic:claude-sonnet-4-5"],
    /ANTHROPIC_API_KEY/,
  ],
  [
    "an empty issue",
    (c) => ["run", "--repo", c.repo, "--title", "", "--model", `script:${c.script}`],
    /issue is empty/,
  ],
  [
    "a script file that is not valid YAML",
    (c) => {
      writeFileSync(join(c.dir, "bad.yml"), "analyze: [unclosed\n");
      return ["run", "--repo", c.repo, "--title", "x", "--model", `script:${join(c.dir, "bad.yml")}`];
    },
    /bad\.yml/,
  ],
  [
    "an unknown base branch",
    (c) => ["run", "--repo", c.repo, "--title", "x", "--base", "nope", "--model", `script:${c.script}`],
    /^booty: unknown base branch 'nope' \(.*\): no such branch; name another with --base$/,
  ],
  [
    "a --model that is not provider:model, blamed on the flag",
    (c) => ["run", "--repo", c.repo, "--title", "x", "--model", "nonsense"],
    /^booty: invalid configuration \(command line\): --model 'nonsense': expected provider:model(?!.*environment)/,
  ],
  [
    "an unknown option",
    (c) => ["run", "--repo", c.repo, "--title", "x", "--bogus"],
    /^booty: unknown option '--bogus' \(booty run\): see 'booty run --help'$/,
  ],
  [
    "a missing issue file, in the words used for a missing script",
    (c) => ["run", "--repo", c.repo, "--issue-file", join(c.dir, "nope.md"), "--model", `script:${c.script}`],
    /^booty: cannot read the issue file \(.*nope\.md\): no such file; check --issue-file$/,
  ],
  [
    "a missing script file",
    (c) => ["run", "--repo", c.repo, "--title", "x", "--model", `script:${join(c.dir, "nope.yml")}`],
    /^booty: cannot read the script \(.*nope\.yml\): no such file; /,
  ],
  [
    "--force with --continue",
    (c) => ["run", "--repo", c.repo, "--title", "x", "--force", "--continue", "--model", `script:${c.script}`],
    /--force and --continue/,
  ],
  [
    "a cost cap that is not a number, named with what it expects",
    (c) => ["run", "--repo", c.repo, "--title", "x", "--model", `script:${c.script}`],
    /^booty: invalid configuration \(environment\): BOOTY_MAX_COST_USD: expected US dollars, a number above 0$/,
    { BOOTY_MAX_COST_USD: "abc" },
  ],
  [
    "a negative token cap",
    (c) => ["run", "--repo", c.repo, "--title", "x", "--model", `script:${c.script}`],
    /^booty: invalid configuration \(environment\): BOOTY_MAX_TOKENS: expected a whole number of tokens above 0$/,
    { BOOTY_MAX_TOKENS: "-5" },
  ],
  [
    "a script file that fails the schema",
    (c) => {
      writeFileSync(join(c.dir, "shape.yml"), "analyse: {}\n");
      return ["run", "--repo", c.repo, "--title", "x", "--model", `script:${join(c.dir, "shape.yml")}`];
    },
    /shape\.yml/,
  ],
];

describe("booty run with bad input: exactly one line on stderr at the default log level, exit 1, nothing left behind", () => {
  for (const [name, args, pattern, settings] of badInputs) {
    test(name, async (t) => {
      const ctx = setup(t);
      const argv = args(ctx);
      const before = snapshot(ctx.repo);
      const { LOG_LEVEL: _, ...defaultLevel } = ctx.env;
      const result = await runBooty(argv, { ...defaultLevel, ...settings });
      assert.equal(result.code, 1);
      const lines = result.stderr.split("\n");
      assert.equal(lines.length, 2, result.stderr); // one line and its newline
      assert.match(lines[0] ?? "", /^booty: /);
      assert.match(lines[0] ?? "", pattern);
      assert.equal(result.stdout, "", "no summary for a run that never started");
      assert.deepEqual(snapshot(ctx.repo), before);
    });
  }
});

test("a .booty.yml whose cost cap is a word: the run stops before any model call, its last line names file, line and field", async (t) => {
  const ctx = setup(t);
  writeFileSync(join(ctx.repo, ".booty.yml"), "timeout: 60\nmax_cost_usd: lots\n");
  git(ctx.repo, "add", ".booty.yml");
  git(ctx.repo, "commit", "-qm", "chore: booty settings");
  const before = snapshot(ctx.repo);
  const { LOG_LEVEL: _, ...defaultLevel } = ctx.env;
  const result = await runBooty(
    ["run", "--repo", ctx.repo, "--title", "x", "--model", `script:${ctx.script}`],
    defaultLevel,
  );
  assert.equal(result.code, 1);
  assert.equal(
    result.stderr.trimEnd().split("\n").at(-1),
    "booty: .booty.yml:2: max_cost_usd: expected US dollars, a number above 0",
  );
  assert.match(result.stdout, /tokens: {3}0 in, 0 out/, "no model call was made");
  assert.deepEqual(snapshot(ctx.repo), before, "no branch, no commit");
});

test("every subcommand has --help", async (t) => {
  const { env } = setup(t);
  for (const command of ["run", "demo", "context", "serve", "worker", "jobs", "job"]) {
    const result = await runBooty([command, "--help"], env);
    assert.equal(result.code, 0, `${command} --help`);
    assert.match(result.stdout, new RegExp(`Usage: booty ${command}`));
  }
});

test("booty jobs and booty job say which queue they read when they find nothing", async (t) => {
  const { dir, env } = setup(t);
  const jobs = await runBooty(["jobs"], env);
  assert.equal(jobs.code, 0, jobs.stderr);
  assert.equal(jobs.stdout.trim(), `no jobs in ${join(dir, "data")} (BOOTY_DATA_DIR, or --data-dir)`);
  const job = await runBooty(["job", "0b1c7c34-0000-4000-8000-000000000000"], env);
  assert.equal(job.code, 1);
  assert.match(job.stderr, new RegExp(`^booty: no job 0b1c7c34-\\S+ in ${join(dir, "data")} `, "m"));
});

function findBareRepos(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const path = join(dir, entry.name);
      if (entry.name.endsWith(".git")) found.push(path);
      else if (depth < 6) walk(path, depth + 1);
    }
  };
  walk(root, 0);
  return found;
}
