import assert from "node:assert/strict";
import { test } from "node:test";
import type { PullRequest } from "../../forge/index.ts";
import { refusalReason } from "./refusal.ts";

const ref = { owner: "octo", repo: "calc" };
const open: PullRequest = {
  number: 4,
  url: "https://github.example/octo/calc/pull/4",
  state: "open",
  merged: false,
  draft: false,
  title: "t",
  body: "",
  author: "booty-bot",
  head: { ref: "booty/issue-1", sha: "a".repeat(40), repo: "octo/calc" },
  base: { ref: "main", sha: "b".repeat(40) },
};

test("booty works on its own open pull request from this repository", () => {
  assert.equal(refusalReason(open, ref, "booty-bot", false), null);
  assert.equal(refusalReason({ ...open, head: { ...open.head, repo: "Octo/Calc" } }, ref, "booty-bot", false), null);
});

test("merged, closed, forked and foreign pull requests are refused, each saying why", () => {
  const reason = (pull: Partial<PullRequest>, anyPr = false) =>
    refusalReason({ ...open, ...pull }, ref, "booty-bot", anyPr);
  assert.match(reason({ state: "closed", merged: true }) ?? "", /#4 is already merged/);
  assert.match(reason({ state: "closed" }) ?? "", /#4 is closed: reopen it/);
  assert.match(reason({ head: { ...open.head, repo: "mallory/calc" } }) ?? "", /comes from a fork \(mallory\/calc\)/);
  assert.match(reason({ author: "alice" }) ?? "", /opened by alice .*BOOTY_REVIEW_ANY_PR/);
  assert.equal(reason({ author: "alice" }, true), null, "BOOTY_REVIEW_ANY_PR lets booty work on anyone's");
  assert.match(reason({ author: "alice", head: { ...open.head, repo: "alice/calc" } }, true) ?? "", /fork/);
});
