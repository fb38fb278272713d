import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Emulator, startGitHubEmulator } from "./index.ts";
import { signAppJwt } from "./jwt.ts";
import { createSpecValidator, type SpecValidator } from "./openapi.ts";
import { CONVERSATION_ROUTES } from "./server.ts";
import { specClient } from "./spec-client.ts";

type Json = Record<string, unknown>;
const r = "/repos/{owner}/{repo}";
const repo = "/repos/octo/app";

describe("GitHub emulator: the pull-request conversation's routes", () => {
  let emulator: Emulator;
  let spec: SpecValidator;
  let token: string;
  let appToken: string;
  let pull: number;
  let head: string;
  const { call, seen } = specClient(
    () => emulator.url,
    () => spec,
  );

  /** An installation token, minted the way booty does it (outside the routes this test covers). */
  async function mintAppToken(): Promise<string> {
    const key = emulator.app.privateKeyPem ?? assert.fail("no App key");
    const jwt = { authorization: `Bearer ${signAppJwt(emulator.app.id, key)}` };
    const installation = (await (await fetch(`${emulator.url}${repo}/installation`, { headers: jwt })).json()) as Json;
    const minted = await fetch(`${emulator.url}/app/installations/${installation.id}/access_tokens`, {
      method: "POST",
      headers: jwt,
    });
    return `token ${((await minted.json()) as Json).token}`;
  }

  before(async () => {
    spec = createSpecValidator();
    emulator = await startGitHubEmulator();
    await emulator.createRepo({ owner: "octo", repo: "app", files: { "app.py": "a = 1\nb = 2\nc = 3\n" } });
    head = await emulator.commit({
      owner: "octo",
      repo: "app",
      branch: "feature",
      files: { "app.py": "a = 1\nb = 20\nc = 3\nd = 4\n", "new.py": "x = 1\n" },
      message: "feat: change b",
    });
    pull = emulator.openPull({
      owner: "octo",
      repo: "app",
      head: "feature",
      author: "alice",
      title: "Change b",
    }).number;
    emulator.addInstallation({ account: "octo" });
    token = `token ${emulator.issueToken({ login: "rita" })}`;
    appToken = await mintAppToken();
  });
  after(() => emulator.close());

  test("commits and files of a pull request", async () => {
    const commits = await call({
      route: `${r}/pulls/{pull_number}/commits`,
      method: "GET",
      path: `${repo}/pulls/${pull}/commits`,
      auth: token,
    });
    assert.deepEqual(
      (commits.body as Json[]).map((c) => [c.sha, (c.commit as Json).message]),
      [[head, "feat: change b"]],
    );
    const files = await call({
      route: `${r}/pulls/{pull_number}/files`,
      method: "GET",
      path: `${repo}/pulls/${pull}/files`,
      auth: token,
    });
    const byName = Object.fromEntries((files.body as Json[]).map((f) => [f.filename, f]));
    assert.deepEqual(
      [byName["app.py"]?.status, byName["app.py"]?.additions, byName["app.py"]?.deletions],
      ["modified", 2, 1],
    );
    assert.equal(byName["new.py"]?.status, "added");
    assert.match(String(byName["app.py"]?.patch), /^@@ -1,3 \+1,4 @@\n a = 1\n-b = 2\n\+b = 20/);
  });

  test("reviews with line comments, single comments, replies in the thread", async () => {
    const reviews = `${r}/pulls/{pull_number}/reviews`;
    const created = await call({
      route: reviews,
      method: "POST",
      path: `${repo}/pulls/${pull}/reviews`,
      auth: token,
      body: { event: "REQUEST_CHANGES", body: "Please rename", comments: [{ path: "app.py", line: 2, body: "b?" }] },
    });
    assert.equal(created.status, 200);
    const review = created.body as Json;
    assert.deepEqual([review.state, review.commit_id], ["CHANGES_REQUESTED", head]);
    const offDiff = await call({
      route: reviews,
      method: "POST",
      path: `${repo}/pulls/${pull}/reviews`,
      auth: token,
      body: { event: "COMMENT", comments: [{ path: "app.py", line: 99, body: "?" }] },
    });
    assert.equal(offDiff.status, 422, "a comment must sit on a line of the diff");
    const list = await call({ route: reviews, method: "GET", path: `${repo}/pulls/${pull}/reviews`, auth: token });
    assert.deepEqual(
      (list.body as Json[]).map((one) => one.id),
      [review.id],
    );
    const one = await call({
      route: `${reviews}/{review_id}`,
      method: "GET",
      path: `${repo}/pulls/${pull}/reviews/${review.id}`,
      auth: token,
    });
    assert.equal((one.body as Json).body, "Please rename");

    const comments = `${r}/pulls/{pull_number}/comments`;
    const single = await call({
      route: comments,
      method: "POST",
      path: `${repo}/pulls/${pull}/comments`,
      auth: token,
      body: { body: "and d", path: "app.py", line: 4, commit_id: head },
    });
    assert.equal(single.status, 201);
    assert.match(String((single.body as Json).diff_hunk), /\n\+d = 4$/, "the hunk ends at the commented line");
    const all = await call({ route: comments, method: "GET", path: `${repo}/pulls/${pull}/comments`, auth: token });
    const first = (all.body as Json[])[0] as Json;
    assert.deepEqual([first.body, first.line, first.pull_request_review_id], ["b?", 2, review.id]);
    const reply = await call({
      route: `${comments}/{comment_id}/replies`,
      method: "POST",
      path: `${repo}/pulls/${pull}/comments/${first.id}/replies`,
      auth: token,
      body: { body: "done" },
    });
    assert.deepEqual([(reply.body as Json).in_reply_to_id, (reply.body as Json).path], [first.id, "app.py"]);
    const nested = await call({
      route: `${comments}/{comment_id}/replies`,
      method: "POST",
      path: `${repo}/pulls/${pull}/comments/${(reply.body as Json).id}/replies`,
      auth: token,
      body: { body: "again" },
    });
    assert.equal((nested.body as Json).in_reply_to_id, first.id, "a reply to a reply joins the same thread");
    const missing = await call({
      route: `${comments}/{comment_id}/replies`,
      method: "POST",
      path: `${repo}/pulls/${pull}/comments/999999/replies`,
      auth: token,
      body: { body: "?" },
    });
    assert.equal(missing.status, 404);
    const comment = `${r}/pulls/comments/{comment_id}`;
    const id = (single.body as Json).id;
    await call({
      route: comment,
      method: "PATCH",
      path: `${repo}/pulls/comments/${id}`,
      auth: token,
      body: { body: "and d!" },
    });
    const got = await call({ route: comment, method: "GET", path: `${repo}/pulls/comments/${id}`, auth: token });
    assert.equal((got.body as Json).body, "and d!");
    assert.equal(
      (await call({ route: comment, method: "DELETE", path: `${repo}/pulls/comments/${id}`, auth: token })).status,
      204,
    );
    assert.deepEqual(
      emulator.replies("octo", "app", Number(first.id)).map((c) => c.body),
      ["done", "again"],
    );
  });

  test("reactions are left once per user and content", async () => {
    const issueComment = emulator.addIssueComment({
      owner: "octo",
      repo: "app",
      number: pull,
      author: "alice",
      body: "/booty go",
    });
    const reviewComment = emulator.reviewComments("octo", "app", pull)[0] ?? assert.fail("no review comment");
    const targets = [
      { route: `${r}/issues/{issue_number}/reactions`, path: `${repo}/issues/${pull}/reactions` },
      {
        route: `${r}/issues/comments/{comment_id}/reactions`,
        path: `${repo}/issues/comments/${issueComment.id}/reactions`,
      },
      {
        route: `${r}/pulls/comments/{comment_id}/reactions`,
        path: `${repo}/pulls/comments/${reviewComment.id}/reactions`,
      },
    ];
    for (const target of targets) {
      const post = { ...target, method: "POST", auth: appToken, body: { content: "eyes" } };
      assert.equal((await call(post)).status, 201, target.path);
      assert.equal((await call(post)).status, 200, `${target.path}: the same reaction again`);
      assert.equal((await call({ ...post, body: { content: "tada" } })).status, 422);
      const list = await call({ ...target, method: "GET", auth: token });
      assert.deepEqual(
        (list.body as Json[]).map((one) => one.content),
        ["eyes"],
      );
    }
    assert.deepEqual(emulator.reactions("octo", "app", { kind: "issue_comment", id: issueComment.id }), [
      {
        content: "eyes",
        user: `${emulator.app.slug}[bot]`,
        createdAt: emulator.reactions("octo", "app", { kind: "issue_comment", id: issueComment.id })[0]?.createdAt,
      },
    ]);
  });

  test("check runs (Apps only, at most 50 annotations a request) and commit statuses", async () => {
    const runs = `${r}/check-runs`;
    const annotation = { path: "app.py", start_line: 2, end_line: 2, annotation_level: "failure", message: "boom" };
    const create = { name: "booty", head_sha: head, status: "in_progress", output: { title: "Running", summary: "…" } };
    const asUser = await fetch(`${emulator.url}${repo}/check-runs`, {
      method: "POST",
      headers: { authorization: token, "content-type": "application/json" },
      body: JSON.stringify(create),
    });
    assert.equal(asUser.status, 403, "a personal token cannot write check runs");
    const tooMany = await fetch(`${emulator.url}${repo}/check-runs`, {
      method: "POST",
      headers: { authorization: appToken, "content-type": "application/json" },
      body: JSON.stringify({ ...create, output: { ...create.output, annotations: Array(51).fill(annotation) } }),
    });
    assert.equal(tooMany.status, 422);
    const created = await call({
      route: runs,
      method: "POST",
      path: `${repo}/check-runs`,
      auth: appToken,
      body: create,
    });
    assert.equal(created.status, 201);
    const id = (created.body as Json).id;
    const output = { title: "1 failing", summary: "tests failed", annotations: [annotation] };
    const updated = await call({
      route: `${runs}/{check_run_id}`,
      method: "PATCH",
      path: `${repo}/check-runs/${id}`,
      auth: appToken,
      body: { conclusion: "failure", output },
    });
    assert.deepEqual([(updated.body as Json).status, (updated.body as Json).conclusion], ["completed", "failure"]);
    await call({ route: `${runs}/{check_run_id}`, method: "GET", path: `${repo}/check-runs/${id}`, auth: token });
    const listed = await call({
      route: `${r}/commits/{ref}/check-runs`,
      method: "GET",
      path: `${repo}/commits/feature/check-runs?check_name=booty`,
      auth: token,
    });
    assert.deepEqual(
      ((listed.body as Json).check_runs as Json[]).map((run) => run.id),
      [id],
    );
    assert.equal(emulator.checkRuns("octo", "app", head)[0]?.annotations.length, 1);

    const status = await call({
      route: `${r}/statuses/{sha}`,
      method: "POST",
      path: `${repo}/statuses/${head}`,
      auth: token,
      body: { state: "success", context: "booty", description: "verified", target_url: "https://booty.example/jobs/1" },
    });
    assert.equal(status.status, 201);
    const combined = await call({
      route: `${r}/commits/{ref}/status`,
      method: "GET",
      path: `${repo}/commits/${head}/status`,
      auth: token,
    });
    assert.deepEqual([(combined.body as Json).state, (combined.body as Json).total_count], ["success", 1]);
  });

  test("every conversation route is exercised above", () => {
    const served = CONVERSATION_ROUTES.map((route) => `${route.method} ${route.path}`).sort();
    assert.deepEqual([...seen].sort(), served);
  });
});
