import assert from "node:assert/strict";
import { test } from "node:test";
import { reactionTarget } from "../../src/service/reaction-target.ts";
import { issueCommentPayload, reviewCommentPayload, reviewPayload } from "./support/review-webhooks.ts";
import { labeledPayload } from "./support/webhooks.ts";

const where = { owner: "octo", repo: "calc" };
const pull = { number: 7, author: "booty-bot", headRef: "booty/issue-1", headSha: "a".repeat(40) };
const target = (event: string, payload: unknown) => reactionTarget({ event, payload: JSON.stringify(payload) });

test("the 👀 goes on what asked: the issue, the comment, the review comment, or the pull request a review is on", () => {
  const labelled = labeledPayload({ ...where, number: 3, title: "t", sender: "alice" });
  assert.deepEqual(target("issues", labelled), { kind: "issue", number: 3 });
  const comment = issueCommentPayload({ ...where, number: 3, comment: { id: 11, author: "alice", body: "/booty" } });
  assert.deepEqual(target("issue_comment", comment), { kind: "issue_comment", id: 11 });
  const line = reviewCommentPayload({
    ...where,
    pull,
    comment: { id: 12, author: "alice", body: "/booty x", path: "a.py", line: 1 },
  });
  assert.deepEqual(target("pull_request_review_comment", line), { kind: "review_comment", id: 12 });
  const review = reviewPayload({
    ...where,
    pull,
    review: { id: 13, author: "alice", state: "changes_requested", body: "no" },
  });
  assert.deepEqual(target("pull_request_review", review), { kind: "issue", number: 7 }, "reviews take no reactions");
  assert.equal(target("push", {}), null);
  assert.equal(target("issues", { issue: { number: "3" } }), null, "a body of the wrong shape");
  assert.equal(reactionTarget({ event: "issues", payload: "not json" }), null);
});
