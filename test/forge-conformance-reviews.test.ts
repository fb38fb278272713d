/**
 * The Forge port's pull-request conversation (ForgeReviews), run against the GitHub emulator through the
 * GitHub adapter, once with a personal token and once as a GitHub App.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ForgeError } from "../src/errors/index.ts";
import { createGitHubForge, type Forge, type RepoRef } from "../src/forge/index.ts";
import { silentLogger } from "../src/log/logger.ts";
import { type Emulator, startGitHubEmulator } from "./support/github-emulator/index.ts";

const ref: RepoRef = { owner: "octo", repo: "app" };
const where = { owner: "octo", repo: "app" };
const LINES = Array.from({ length: 40 }, (_, i) => `v${i + 1} = ${i + 1}\n`).join("");

async function failure(promise: Promise<unknown>): Promise<ForgeError> {
  const error = await promise.then(
    () => assert.fail("expected a failure"),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof ForgeError, String(error));
  return error;
}

for (const mode of ["token", "app"] as const) {
  describe(`Forge port, pull-request conversation: GitHub adapter with ${mode} auth`, () => {
    let emulator: Emulator;
    let forge: Forge;
    let self: string;
    let pull: number;
    let head: string;

    before(async () => {
      emulator = await startGitHubEmulator();
      await emulator.createRepo({ ...where, files: { "app.py": LINES } });
      const changed = LINES.replace(/^v(\d+) = /gm, "w$1 = ");
      head = await emulator.commit({ ...where, branch: "booty/issue-1", files: { "app.py": changed } });
      const common = { apiUrl: emulator.url, logger: silentLogger(), throttle: false, retry: { baseMs: 5 } };
      if (mode === "token") {
        self = "booty-bot";
        forge = createGitHubForge({ ...common, auth: { kind: "token", token: emulator.issueToken({ login: self }) } });
      } else {
        self = `${emulator.app.slug}[bot]`;
        emulator.addInstallation({ account: "octo" });
        const privateKey = emulator.app.privateKeyPem ?? assert.fail("the emulator made no App key");
        forge = createGitHubForge({ ...common, auth: { kind: "app", appId: String(emulator.app.id), privateKey } });
      }
      pull = emulator.openPull({
        ...where,
        head: "booty/issue-1",
        author: self,
        title: "Fix",
        body: "Fixes #1",
      }).number;
    });
    after(() => emulator.close());

    test("getPullRequest reads the head and base as they are now, and the closed or merged state", async () => {
      const read = await forge.getPullRequest(ref, pull);
      const base = (await emulator.branches("octo", "app")).main;
      assert.deepEqual(read, {
        number: pull,
        url: `${emulator.url}/octo/app/pull/${pull}`,
        state: "open",
        merged: false,
        draft: false,
        title: "Fix",
        body: "Fixes #1",
        author: self,
        head: { ref: "booty/issue-1", sha: head, repo: "octo/app" },
        base: { ref: "main", sha: base },
      });
      const pushed = await emulator.commit({ ...where, branch: "booty/issue-1", files: { "b.py": "b = 1\n" } });
      assert.equal((await forge.getPullRequest(ref, pull)).head.sha, pushed, "never a stale head");
      await emulator.commit({ ...where, branch: "closed", files: { "c.py": "c = 1\n" } });
      const closed = emulator.openPull({ ...where, head: "closed" }).number;
      emulator.setPullState({ ...where, number: closed, state: "closed" });
      const seen = await forge.getPullRequest(ref, closed);
      assert.deepEqual([seen.state, seen.merged], ["closed", false]);
      emulator.setPullState({ ...where, number: closed, state: "closed", merged: true });
      const merged = await forge.getPullRequest(ref, closed);
      assert.deepEqual([merged.state, merged.merged], ["closed", true]);
    });

    test("a pull request that does not exist is a permanent ForgeError naming the call", async () => {
      const error = await failure(forge.getPullRequest(ref, 9999));
      assert.deepEqual([error.status, error.retryable], [404, false]);
      assert.match(error.message, /GET \/repos\/\{owner\}\/\{repo\}\/pulls\/\{pull_number\} failed for octo\/app: 404/);
      const issue = emulator.createIssue({ ...where, title: "Just an issue" }).number;
      assert.equal((await failure(forge.getPullRequest(ref, issue))).status, 404, "an issue is no pull request");
    });

    test("listIssueComments returns every page, oldest first, and marks bots", async () => {
      const issue = emulator.createIssue({ ...where, title: "Busy" }).number;
      for (let i = 1; i <= 150; i++) {
        const author = i === 75 ? "helper[bot]" : `user${i % 3}`;
        emulator.addIssueComment({ ...where, number: issue, author, body: `comment ${i}` });
      }
      const comments = await forge.listIssueComments(ref, issue);
      assert.equal(comments.length, 150);
      assert.deepEqual(
        comments.map((comment) => comment.body),
        Array.from({ length: 150 }, (_, i) => `comment ${i + 1}`),
      );
      assert.deepEqual(
        comments.filter((comment) => comment.bot).map((comment) => comment.author),
        ["helper[bot]"],
      );
      assert.match(comments[0]?.createdAt ?? "", /^\d{4}-\d\d-\d\dT/);
    });

    test("listReviews and listReviewComments read every review and comment, replies linked to their thread", async () => {
      const comments = Array.from({ length: 150 }, (_, i) => ({ path: "app.py", line: (i % 40) + 1, body: `c${i}` }));
      const review = await emulator.submitReview({
        ...where,
        pull,
        author: "rita",
        state: "changes_requested",
        body: "Please rename",
        comments,
      });
      await emulator.submitReview({ ...where, pull, author: "sam", state: "approved" });
      const first = review.comments[0] ?? assert.fail("no comment");
      const reply = await emulator.addReviewComment({
        ...where,
        pull,
        author: "lint[bot]",
        inReplyTo: first.id,
        body: "+1",
      });

      const reviews = await forge.listReviews(ref, pull);
      assert.deepEqual(
        reviews.map((one) => [one.author, one.state, one.body, one.commitId]),
        [
          ["rita", "changes_requested", "Please rename", review.commitId],
          ["sam", "approved", "", review.commitId],
          // As on GitHub, a comment outside a review (here the reply) comes wrapped in a review of its own.
          ["lint[bot]", "commented", "", review.commitId],
        ],
      );
      assert.ok(reviews.every((one) => one.submittedAt !== null));

      const read = await forge.listReviewComments(ref, pull);
      assert.equal(read.length, 151, "150 line comments and the reply");
      assert.deepEqual(read[0], {
        id: first.id,
        reviewId: review.id,
        inReplyTo: null,
        author: "rita",
        bot: false,
        body: "c0",
        path: "app.py",
        line: 1,
        diffHunk: first.diffHunk,
        createdAt: first.createdAt,
        updatedAt: first.updatedAt,
      });
      assert.match(first.diffHunk, /^@@ -1,40 \+1,40 @@\n-v1 = 1\n[\s\S]*\n\+w1 = 1$/, "the hunk down to the line");
      const last = read.at(-1);
      assert.deepEqual([last?.id, last?.inReplyTo, last?.bot], [reply.id, first.id, true]);
    });

    test("replyToReviewComment answers in the thread, also when given a reply", async () => {
      const root = await emulator.addReviewComment({
        ...where,
        pull,
        author: "rita",
        path: "app.py",
        line: 3,
        body: "why?",
      });
      const answer = await forge.replyToReviewComment(ref, pull, root.id, "Because.");
      assert.match(answer.url, new RegExp(`/octo/app/pull/${pull}#discussion_r${answer.id}$`));
      const again = await forge.replyToReviewComment(ref, pull, answer.id, "And more.");
      assert.deepEqual(
        emulator.replies("octo", "app", root.id).map((one) => [one.id, one.author, one.body, one.inReplyTo]),
        [
          [answer.id, self, "Because.", root.id],
          [again.id, self, "And more.", root.id],
        ],
      );
      const error = await failure(forge.replyToReviewComment(ref, pull, 987654, "?"));
      assert.deepEqual([error.status, error.retryable], [404, false]);
    });

    test("comments read as they are now: edited bodies, deleted comments gone", async () => {
      const said = emulator.addIssueComment({ ...where, number: pull, author: "rita", body: "/booty do x" });
      const line = await emulator.addReviewComment({
        ...where,
        pull,
        author: "rita",
        path: "app.py",
        line: 9,
        body: "y",
      });
      emulator.editComment({ ...where, kind: "issue_comment", id: said.id, body: "/booty do z" });
      emulator.deleteComment({ ...where, kind: "review_comment", id: line.id });
      const comments = await forge.listIssueComments(ref, pull);
      assert.equal(comments.find((comment) => comment.id === said.id)?.body, "/booty do z");
      assert.equal((await forge.listReviewComments(ref, pull)).filter((comment) => comment.id === line.id).length, 0);
    });

    test("addReaction leaves one reaction per target, however often it is called", async () => {
      const comment = emulator.addIssueComment({ ...where, number: pull, author: "rita", body: "/booty rename" });
      const line = await emulator.addReviewComment({
        ...where,
        pull,
        author: "rita",
        path: "app.py",
        line: 5,
        body: "x",
      });
      emulator.addReaction({ ...where, target: { kind: "issue", number: pull }, user: "rita", content: "eyes" });
      const targets = [
        { kind: "issue", number: pull },
        { kind: "issue_comment", id: comment.id },
        { kind: "review_comment", id: line.id },
      ] as const;
      for (const target of targets) {
        await forge.addReaction(ref, target, "eyes");
        await forge.addReaction(ref, target, "eyes");
        const ours = emulator.reactions("octo", "app", target).filter((reaction) => reaction.user === self);
        assert.deepEqual(
          ours.map((reaction) => reaction.content),
          ["eyes"],
          target.kind,
        );
      }
      assert.equal(emulator.reactions("octo", "app", targets[0]).length, 2, "someone else's 👀 is theirs");
    });

    test("reportCheck: a check run named booty with App auth, a commit status with token auth", async () => {
      const sha = (await forge.getPullRequest(ref, pull)).head.sha;
      const detailsUrl = "https://booty.example/jobs/7";
      await forge.reportCheck(ref, { sha, state: "pending", title: "Verifying", summary: "running tests", detailsUrl });
      const annotations = Array.from({ length: 120 }, (_, i) => ({
        path: "app.py",
        line: i + 1,
        message: `fail ${i}`,
      }));
      const final = {
        sha,
        state: "failure" as const,
        title: `2 tests fail: ${"x".repeat(200)}`,
        summary: "## Verification\n2 failing",
        annotations,
        detailsUrl,
      };
      const result = await forge.reportCheck(ref, final);
      if (mode === "app") {
        const runs = emulator.checkRuns("octo", "app", sha);
        assert.equal(runs.length, 1, "the pending run was completed in place");
        const run = runs[0] ?? assert.fail("no run");
        assert.deepEqual(
          [run.name, run.status, run.conclusion, run.summary, run.detailsUrl],
          ["booty", "completed", "failure", final.summary, detailsUrl],
        );
        assert.equal(run.annotations.length, 120, "annotations beyond 50 are sent in batches");
        assert.deepEqual(run.annotations[119], {
          path: "app.py",
          startLine: 120,
          endLine: 120,
          level: "failure",
          message: "fail 119",
          title: null,
        });
        assert.equal(result.url, run.htmlUrl);
        await forge.reportCheck(ref, final);
        const latest = emulator.checkRuns("octo", "app", sha).at(-1);
        assert.equal(latest?.annotations.length, 120, "a repeated report does not double the annotations");
        assert.deepEqual(emulator.statuses("octo", "app"), []);
      } else {
        const statuses = emulator.statuses("octo", "app", sha);
        assert.deepEqual(
          statuses.map((status) => [status.context, status.state, status.creator, status.targetUrl]),
          [
            ["booty", "pending", self, detailsUrl],
            ["booty", "failure", self, detailsUrl],
          ],
        );
        assert.equal(statuses[1]?.description?.length, 140, "GitHub's limit for a description");
        assert.equal(result.url, detailsUrl);
        assert.deepEqual(emulator.checkRuns("octo", "app"), [], "only Apps write check runs");
        // A status has no neutral: tests that never ran must not read as verified.
        await forge.reportCheck(ref, { ...final, state: "neutral", annotations: [] });
        assert.equal(emulator.statuses("octo", "app", sha).at(-1)?.state, "error");
      }
    });
  });
}
