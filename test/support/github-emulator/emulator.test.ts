import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Emulator, ROUTES, startGitHubEmulator } from "./index.ts";
import { signAppJwt } from "./jwt.ts";
import { createSpecValidator, type SpecValidator } from "./openapi.ts";
import { CONVERSATION_ROUTES } from "./server.ts";
import { specClient } from "./spec-client.ts";

describe("GitHub emulator REST API", () => {
  let emulator: Emulator;
  let spec: SpecValidator;
  let token: string;
  let jwt: string;
  const { call, seen } = specClient(
    () => emulator.url,
    () => spec,
  );

  before(async () => {
    spec = createSpecValidator();
    emulator = await startGitHubEmulator();
    await emulator.createRepo({ owner: "octo", repo: "app", files: { "main.py": "print('hi')\n" } });
    await emulator.commit({ owner: "octo", repo: "app", branch: "feature", files: { "x.py": "x = 1\n" } });
    emulator.createIssue({ owner: "octo", repo: "app", title: "Crash on start", body: "Steps...", author: "alice" });
    emulator.setPermission("octo", "app", "alice", "triage");
    emulator.addInstallation({ account: "octo" });
    token = `token ${emulator.issueToken({ login: "booty-user" })}`;
    const key = emulator.app.privateKeyPem ?? assert.fail("the emulator generated no key");
    jwt = `Bearer ${signAppJwt(emulator.app.id, key)}`;
  });
  after(() => emulator.close());

  test("every route answers with bodies that match GitHub's OpenAPI description", async () => {
    const repo = "/repos/octo/app";
    const r = "/repos/{owner}/{repo}";
    assert.equal((await call({ route: r, method: "GET", path: repo, auth: token })).status, 200);
    assert.equal((await call({ route: r, method: "GET", path: "/repos/octo/nope", auth: token })).status, 404);
    const issue = await call({
      route: `${r}/issues/{issue_number}`,
      method: "GET",
      path: `${repo}/issues/1`,
      auth: token,
    });
    assert.equal((issue.body as { title: string }).title, "Crash on start");
    const perm = `${r}/collaborators/{username}/permission`;
    const alice = await call({
      route: perm,
      method: "GET",
      path: `${repo}/collaborators/alice/permission`,
      auth: token,
    });
    assert.deepEqual(
      [(alice.body as { permission: string }).permission, (alice.body as { role_name: string }).role_name],
      ["read", "triage"],
    );
    assert.equal(
      (await call({ route: perm, method: "GET", path: `${repo}/collaborators/mallory/permission`, auth: token }))
        .status,
      404,
    );

    const comments = `${r}/issues/{issue_number}/comments`;
    const created = await call({
      route: comments,
      method: "POST",
      path: `${repo}/issues/1/comments`,
      auth: token,
      body: { body: "on it" },
    });
    assert.equal(created.status, 201);
    const id = (created.body as { id: number }).id;
    const commentRoute = `${r}/issues/comments/{comment_id}`;
    await call({
      route: commentRoute,
      method: "PATCH",
      path: `${repo}/issues/comments/${id}`,
      auth: token,
      body: { body: "done" },
    });
    const one = await call({ route: commentRoute, method: "GET", path: `${repo}/issues/comments/${id}`, auth: token });
    assert.equal((one.body as { body: string }).body, "done");
    const list = await call({
      route: comments,
      method: "GET",
      path: `${repo}/issues/1/comments?per_page=1`,
      auth: token,
    });
    assert.deepEqual(
      (list.body as Array<{ body: string }>).map((c) => c.body),
      ["done"],
    );

    const labels = await call({
      route: `${r}/issues/{issue_number}/labels`,
      method: "POST",
      path: `${repo}/issues/1/labels`,
      auth: token,
      body: { labels: ["booty", "bug"] },
    });
    assert.deepEqual(
      (labels.body as Array<{ name: string }>).map((l) => l.name),
      ["booty", "bug"],
    );
    await call({
      route: `${r}/labels`,
      method: "POST",
      path: `${repo}/labels`,
      auth: token,
      body: { name: "wip", color: "fbca04" },
    });
    const all = await call({ route: `${r}/labels`, method: "GET", path: `${repo}/labels`, auth: token });
    assert.deepEqual(
      (all.body as Array<{ name: string }>).map((l) => l.name),
      ["booty", "bug", "wip"],
    );
    await call({ route: `${r}/labels/{name}`, method: "GET", path: `${repo}/labels/wip`, auth: token });

    const pulls = `${r}/pulls`;
    const pr = await call({
      route: pulls,
      method: "POST",
      path: `${repo}/pulls`,
      auth: token,
      body: { title: "Fix", head: "feature", base: "main", body: "Fixes #1", draft: true },
    });
    assert.equal(pr.status, 201);
    const again = await call({
      route: pulls,
      method: "POST",
      path: `${repo}/pulls`,
      auth: token,
      body: { title: "Fix", head: "feature", base: "main" },
    });
    assert.equal(again.status, 422);
    assert.match(JSON.stringify(again.body), /A pull request already exists for octo:feature/);
    const number = (pr.body as { number: number }).number;
    const open = await call({
      route: pulls,
      method: "GET",
      path: `${repo}/pulls?head=octo:feature&state=open`,
      auth: token,
    });
    assert.deepEqual(
      (open.body as Array<{ number: number }>).map((p) => p.number),
      [number],
    );
    await call({
      route: `${r}/pulls/{pull_number}`,
      method: "PATCH",
      path: `${repo}/pulls/${number}`,
      auth: token,
      body: { title: "Fix it" },
    });
    const got = await call({
      route: `${r}/pulls/{pull_number}`,
      method: "GET",
      path: `${repo}/pulls/${number}`,
      auth: token,
    });
    assert.equal((got.body as { title: string }).title, "Fix it");

    const me = await call({ route: "/user", method: "GET", path: "/user", auth: token });
    const login = (me.body as { login: string }).login;
    const profile = await call({ route: "/users/{username}", method: "GET", path: `/users/${login}`, auth: token });
    assert.equal((profile.body as { login: string }).login, login);
    const nobody = await call({ route: "/users/{username}", method: "GET", path: "/users/no-such-user", auth: token });
    assert.equal(nobody.status, 404);
    await call({ route: "/app", method: "GET", path: "/app", auth: jwt });
    const inst = await call({ route: `${r}/installation`, method: "GET", path: `${repo}/installation`, auth: jwt });
    const minted = await call({
      route: "/app/installations/{installation_id}/access_tokens",
      method: "POST",
      path: `/app/installations/${(inst.body as { id: number }).id}/access_tokens`,
      auth: jwt,
      body: { repositories: ["app"], permissions: { issues: "write", metadata: "read" } },
    });
    assert.equal(minted.status, 201);
    assert.match((minted.body as { token: string }).token, /^ghs_/);

    // The pull-request conversation's routes have their own test (conversation.test.ts).
    const served = ROUTES.filter((route) => !CONVERSATION_ROUTES.includes(route))
      .map((route) => `${route.method} ${route.path}`)
      .sort();
    assert.deepEqual([...seen].sort(), served, "every route the emulator serves is exercised above");
  });
});
