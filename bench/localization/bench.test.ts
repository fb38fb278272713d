import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { analyze, bm25Candidates, bm25Rank, isSwebenchTestPath } from "./bm25.ts";
import { accAt, recall } from "./metrics.ts";
import { bareRepoFor } from "./repos.ts";
import { type Instance, runBenchmark } from "./run.ts";
import { formatTable } from "./table.ts";

const root = mkdtempSync(join(tmpdir(), "booty-bench-fixture-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** A tiny repository with two commits, stored bare as `acme+shop/repo`, the way fetched mirrors are laid out. */
function fixture(): { reposDir: string; commits: string[] } {
  const work = join(root, "work");
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: work, encoding: "utf8" }).trim();
  const write = (files: Record<string, string>) => {
    for (const [p, c] of Object.entries(files)) {
      mkdirSync(dirname(join(work, p)), { recursive: true });
      writeFileSync(join(work, p), c);
    }
  };
  mkdirSync(work);
  git("init", "-q");
  write({
    "README.md": "# shop\n",
    "shop/cart.py": "class Cart:\n    def total_price(self):\n        return 0\n",
    "shop/payment.py": "def charge_card(card):\n    raise ValueError('card declined')\n",
    "tests/test_cart.py": "def test_total_price():\n    assert True\n",
  });
  git("add", "-A");
  git("commit", "-qm", "one");
  const first = git("rev-parse", "HEAD");
  write({ "shop/shipping.py": "def shipping_cost(weight):\n    return weight * 2\n" });
  git("add", "-A");
  git("commit", "-qm", "two");
  const second = git("rev-parse", "HEAD");
  const reposDir = join(root, "repos");
  mkdirSync(join(reposDir, "acme+shop"), { recursive: true });
  execFileSync("git", ["clone", "-q", "--bare", work, join(reposDir, "acme+shop", "repo")]);
  return { reposDir, commits: [first, second] };
}

test("the benchmark scores both methods on a local fixture and cleans up its worktrees", async () => {
  const { reposDir, commits } = fixture();
  const instances: Instance[] = [
    {
      instance_id: "acme__shop-1",
      repo: "acme/shop",
      base_commit: commits[0] ?? "",
      problem_statement: "Cart `total_price` returns 0 for a full cart",
      gold_files: ["shop/cart.py"],
    },
    {
      instance_id: "acme__shop-2",
      repo: "acme/shop",
      base_commit: commits[1] ?? "",
      problem_statement: "shipping_cost doubles the weight",
      gold_files: ["shop/shipping.py"],
    },
    {
      instance_id: "other__x-1",
      repo: "other/x",
      base_commit: "0".repeat(40),
      problem_statement: "x",
      gold_files: ["x.py"],
    },
  ];
  const result = await runBenchmark({ instances, reposDir, examplePatch: "diff --git a/x b/x\n" });
  assert.equal(result.instances, 2);
  assert.deepEqual(result.skipped, ["other__x-1 (no repository for other/x)"]);
  assert.equal(result.booty.acc[1], 1);
  assert.equal(result.bm25.acc[1], 1);
  assert.equal(result.booty.recall[13000], 1);
  assert.equal(result.bm25.recall[50000], 1);
  assert.ok(!result.perInstance[0]?.bm25.includes("tests/test_cart.py"), "the baseline skips test files");
  assert.match(formatTable(result), /bm25 \(baseline\)\s+100\.0/);
  const bare = bareRepoFor(reposDir, "acme/shop") ?? "";
  assert.ok(
    !existsSync(join(bare, "worktrees")) || readdirSync(join(bare, "worktrees")).length === 0,
    "worktrees removed",
  );
});

test("baseline pieces follow the protocol", () => {
  assert.deepEqual(analyze("The requests.sessions module's Session_x"), ["requests.sessions", "module's", "session_x"]);
  assert.ok(
    isSwebenchTestPath("pkg/tests/a.py") && isSwebenchTestPath("test_a.py") && !isSwebenchTestPath("pkg/contest.py"),
  );
  assert.deepEqual(bm25Candidates(["a.py", "tests/b.py", "c.txt"]), ["a.py"]);
  const ranked = bm25Rank(
    new Map([
      ["a.py", "apple apple"],
      ["b.py", "banana"],
    ]),
    "banana split",
  );
  assert.equal(ranked[0]?.path, "b.py");
  assert.equal(accAt(["a", "b"], ["b"], 1), 0);
  assert.equal(accAt(["a", "b"], ["b"], 2), 1);
  assert.equal(recall(["a"], ["a", "b"]), 0.5);
});
