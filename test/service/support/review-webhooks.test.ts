import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createSpecValidator } from "../../support/github-emulator/openapi.ts";
import { issueCommentPayload, reviewCommentPayload, reviewPayload } from "./review-webhooks.ts";

const spec = createSpecValidator();
const where = { owner: "octo", repo: "app", installationId: 77 };
const pull = { number: 12, author: "booty-emulated[bot]", headRef: "booty/issue-3-x", headSha: "a".repeat(40) };

/** The value at a path of a payload, or undefined. */
const at = (value: unknown, path: string): unknown =>
  path.split(".").reduce((node: unknown, key) => (node as Record<string, unknown> | undefined)?.[key], value);

describe("review webhook payloads", () => {
  test("pull_request_review.submitted matches GitHub's schema and carries the given review", () => {
    const payload = reviewPayload({
      ...where,
      pull,
      review: { id: 501, author: "rita", state: "CHANGES_REQUESTED", body: "/booty rename x" },
    });
    assert.deepEqual(spec.checkSchema("webhook-pull-request-review-submitted", payload), []);
    assert.deepEqual(
      [
        at(payload, "review.id"),
        at(payload, "review.state"),
        at(payload, "review.body"),
        at(payload, "review.user.login"),
      ],
      [501, "changes_requested", "/booty rename x", "rita"],
    );
    assert.deepEqual(
      [
        at(payload, "pull_request.number"),
        at(payload, "pull_request.user.login"),
        at(payload, "pull_request.user.type"),
      ],
      [12, "booty-emulated[bot]", "Bot"],
    );
    assert.deepEqual(
      [at(payload, "pull_request.head.ref"), at(payload, "pull_request.head.sha")],
      [pull.headRef, pull.headSha],
    );
    assert.deepEqual(
      [at(payload, "repository.full_name"), at(payload, "installation.id"), at(payload, "sender.login")],
      ["octo/app", 77, "rita"],
    );
  });

  test("pull_request_review_comment.created matches GitHub's schema, with its thread and line", () => {
    const comment = {
      id: 900,
      author: "rita",
      body: "/booty use a set",
      path: "app.py",
      line: 7,
      reviewId: 501,
      inReplyTo: 899,
    };
    const payload = reviewCommentPayload({ ...where, pull, comment });
    assert.deepEqual(spec.checkSchema("webhook-pull-request-review-comment-created", payload), []);
    const c = at(payload, "comment") as Record<string, unknown>;
    assert.deepEqual(
      [c.id, c.body, c.path, c.line, c.pull_request_review_id, c.in_reply_to_id],
      [900, "/booty use a set", "app.py", 7, 501, 899],
    );
    const edited = reviewCommentPayload({ ...where, pull, comment, action: "edited" });
    assert.deepEqual(spec.checkSchema("webhook-pull-request-review-comment-edited", edited), []);
  });

  test("issue_comment on a pull request (and on an issue, edited, deleted) matches GitHub's schema", () => {
    const comment = { id: 42, author: "rita", body: "/booty add tests" };
    const payload = issueCommentPayload({ ...where, number: 12, comment, issueAuthor: "booty-emulated[bot]" });
    assert.deepEqual(spec.checkSchema("webhook-issue-comment-created", payload), []);
    assert.equal(typeof at(payload, "issue.pull_request"), "object", "GitHub marks a pull request's issue so");
    assert.deepEqual(
      [at(payload, "issue.number"), at(payload, "comment.id"), at(payload, "comment.body")],
      [12, 42, "/booty add tests"],
    );
    const plain = issueCommentPayload({ ...where, number: 3, comment, pullRequest: false });
    assert.equal(at(plain, "issue.pull_request"), undefined);
    const edited = issueCommentPayload({
      ...where,
      number: 12,
      comment,
      action: "edited",
      previousBody: "/booty x",
    });
    assert.deepEqual(spec.checkSchema("webhook-issue-comment-edited", edited), []);
    assert.deepEqual(at(edited, "changes"), { body: { from: "/booty x" } });
    const deleted = issueCommentPayload({ ...where, number: 12, comment, action: "deleted" });
    assert.deepEqual(spec.checkSchema("webhook-issue-comment-deleted", deleted), []);
  });
});
