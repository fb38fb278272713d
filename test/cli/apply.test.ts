import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { stringify } from "yaml";
import { git, makeRepo, tempDir } from "../../src/workspace/test-support.ts";
import { runBooty } from "../support/cli.ts";

const CALC = "class Calc:\n    def add(self, a, b):\n        return a + b\n";
const WITH_SUB = `${CALC}\n    def sub(self, a, b):\n        return a - b\n`;

function setup(t: { after(fn: () => void): void }) {
  const dir = tempDir(t, "booty-apply-cli-");
  const repo = makeRepo(join(dir, "repo"), { "calc.py": CALC });
  const env = { HOME: dir, BOOTY_DATA_DIR: join(dir, "data"), LOG_LEVEL: "silent" };
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  return { dir, repo, env, file, calc: () => readFileSync(join(repo, "calc.py"), "utf8") };
}

const unindented = (replace: string) => ({
  approach: "add sub",
  changes: [
    { path: "calc.py", operation: "modify", edits: [{ search: "def add(self, a, b): \n    return a + b\n", replace }] },
  ],
});

test("booty apply --plan applies a misindented edit and says which rung placed it", async (t) => {
  const { repo, env, file, calc } = setup(t);
  const plan = file(
    "plan.yml",
    stringify(unindented("def add(self, a, b):\n    return a + b\n\ndef sub(self, a, b):\n    return a - b\n")),
  );
  const dry = await runBooty(["apply", "--repo", repo, "--plan", plan, "--dry-run"], env);
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(dry.stdout, "modify calc.py  (indentation)\nwould change 1 file\n");
  assert.equal(calc(), CALC, "--dry-run writes nothing");
  const real = await runBooty(["apply", "--repo", repo, "--plan", plan, "--json"], env);
  assert.equal(real.code, 0, real.stderr);
  assert.deepEqual(JSON.parse(real.stdout), {
    applied: true,
    dryRun: false,
    files: [{ path: "calc.py", operation: "modify", rungs: ["indentation"] }],
  });
  assert.equal(calc(), WITH_SUB);
});

test("booty apply --diff lands a diff whose line numbers drifted, where git apply needs them right", async (t) => {
  const { repo, env, file, calc } = setup(t);
  writeFileSync(join(repo, "calc.py"), WITH_SUB);
  // Wrong line numbers and counts, as models write them.
  const diff = git(repo, "diff").replace(/@@ -\d+,\d+ \+\d+,\d+ @@/, "@@ -21,5 +21,9 @@");
  git(repo, "checkout", "--", "calc.py");
  const path = file("change.diff", `${diff}\n`);
  assert.throws(() => git(repo, "apply", "--check", path), /corrupt patch|does not apply/);
  const out = await runBooty(["apply", "--repo", repo, "--diff", path], env);
  assert.equal(out.code, 0, out.stderr);
  assert.equal(calc(), WITH_SUB);
});

test("booty apply refuses bad input in one line and leaves the tree as it was", async (t) => {
  const { repo, env, file, calc } = setup(t);
  const broken = file("broken.yml", stringify(unindented("def add(self, a, b):\n    return (a + b\n")));
  const cases: [string[], RegExp][] = [
    [
      ["apply", "--repo", repo],
      /^booty: booty apply needs exactly one of --plan FILE, --diff FILE and --blocks FILE\n$/,
    ],
    [["apply", "--repo", repo, "--diff", join(repo, "nope.diff")], /^booty: cannot read .*nope\.diff: no such file\n$/],
    [["apply", "--repo", repo, "--plan", file("bad.yml", "approach: x\nchanges: 3\n")], /is not a plan: changes: /],
    [["apply", "--repo", repo, "--plan", broken], /^booty: syntax error in calc\.py:\d+/],
    [
      [
        "apply",
        "--repo",
        repo,
        "--blocks",
        file("open.txt", "Approach: x.\n\ncalc.py\n<<<<<<< SEARCH\n        return a + b\n"),
      ],
      /^booty: .*open\.txt line 4: the <<<<<<< SEARCH block for calc\.py is never closed/,
    ],
    [
      [
        "apply",
        "--repo",
        repo,
        "--blocks",
        file("nofile.txt", "Approach: x.\n\nlib.py\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n"),
      ],
      /^booty: .*nofile\.txt line 3: lib\.py is not in the repository/,
    ],
  ];
  for (const [args, expected] of cases) {
    const result = await runBooty(args, env);
    assert.equal(result.code, 1, args.join(" "));
    assert.match(result.stderr, expected);
    assert.equal(result.stderr.split("\n").length, 2, "one line, no stack trace");
  }
  assert.equal(calc(), CALC);
});

test("booty apply --blocks applies a pasted text answer: a SEARCH block, a fenced Markdown file and a deletion", async (t) => {
  const { repo, env, file, calc } = setup(t);
  writeFileSync(join(repo, "old.txt"), "bye\n");
  git(repo, "add", "old.txt");
  const readme = "# Calc\n\n```python\nCalc().add(1, 2)\n```\n";
  const answer = [
    "Approach: sub() beside add(); a README.",
    "Testing: none.",
    "",
    "calc.py",
    "<<<<<<< SEARCH",
    "        return a + b",
    "=======",
    "        return a + b",
    "",
    "    def sub(self, a, b):",
    "        return a - b",
    ">>>>>>> REPLACE",
    "",
    "README.md",
    "````markdown",
    `${readme}\`\`\`\``,
    "",
    "DELETE old.txt",
    "",
  ].join("\n");
  const out = await runBooty(["apply", "--repo", repo, "--blocks", file("answer.txt", answer)], env);
  assert.equal(out.code, 0, out.stderr);
  assert.equal(out.stdout, "modify calc.py  (exact)\ncreate README.md\ndelete old.txt\nchanged 3 files\n");
  assert.equal(calc(), WITH_SUB);
  assert.equal(readFileSync(join(repo, "README.md"), "utf8"), readme);
});
