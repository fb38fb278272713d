/**
 * The Forge port's review-thread states (resolved, outdated: GitHub's GraphQL API only), run against the
 * GitHub emulator through the GitHub adapter, once with a personal token and once as a GitHub App.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createGitHubForge, type Forge, type RepoRef } from "../src/forge/index.ts";
import { silentLogger } from "../src/log/logger.ts";
import { type Emulator, startGitHubEmulator } from "./support/github-emulator/index.ts";
import { recordingLogger } from "./support/recording-logger.ts";

const ref: RepoRef = { owner: "octo", repo: "app" };
const where = { owner: "octo", repo: "app" };
const LINES = Array.from({ length: 150 }, (_, i) => `v${i + 1} = ${i + 1}\n`).join("");
const CHANGED = LINES.replace(/^v(\d+) = /gm, "w$1 = ");

/** A logger whose warnings the test reads back. */
for (const mode of ["token", "app"] as const) {
  describe(`Forge port, review-thread states: GitHub adapter with ${mode} auth`, () => {
    let emulator: Emulator;
    let forge: Forge;
    let pull: number;
    let roots: number[] = [];
    const common = () => ({ apiUrl: emulator.url, throttle: false, retry: { baseMs: 5 } });

    before(async () => {
      emulator = await startGitHubEmulator();
      await emulator.createRepo({ ...where, files: { "app.py": LINES } });
      await emulator.commit({ ...where, branch: "booty/issue-1", files: { "app.py": CHANGED } });
      if (mode === "token") {
        const token = emulator.issueToken({ login: "booty-bot" });
        forge = createGitHubForge({ ...common(), logger: silentLogger(), auth: { kind: "token", token } });
      } else {
        emulator.addInstallation({ account: "octo" });
        const privateKey = emulator.app.privateKeyPem ?? assert.fail("the emulator made no App key");
        const auth = { kind: "app" as const, appId: String(emulator.app.id), privateKey };
        forge = createGitHubForge({ ...common(), logger: silentLogger(), auth });
      }
      pull = emulator.openPull({ ...where, head: "booty/issue-1", author: "booty-bot" }).number;
      // 130 threads: two pages of GraphQL's 100.
      const comments = Array.from({ length: 130 }, (_, i) => ({ path: "app.py", line: i + 1, body: `c${i}` }));
      const review = await emulator.submitReview({ ...where, pull, author: "rita", state: "commented", comments });
      roots = review.comments.map((c) => c.id);
    });
    after(() => emulator.close());

    test("every thread, on every page, keyed by its first comment; resolving and reopening show", async () => {
      const at = (i: number) => roots[i] ?? assert.fail(`no thread ${i}`);
      const [first, second, last] = [at(0), at(1), at(129)];
      const reply = await emulator.addReviewComment({ ...where, pull, author: "sam", body: "ok", inReplyTo: first });
      emulator.resolveThread({ ...where, pull, commentId: first });
      // A reply stands for its thread, as on GitHub where resolving acts on the whole conversation.
      emulator.resolveThread({ ...where, pull, commentId: reply.id });
      emulator.resolveThread({ ...where, pull, commentId: last });
      emulator.resolveThread({ ...where, pull, commentId: second });
      emulator.unresolveThread({ ...where, pull, commentId: second });
      const states = await forge.listReviewThreadStates(ref, pull);
      assert.ok(states, "the states are known");
      assert.deepEqual(
        states.map((s) => s.rootCommentId),
        roots,
        "one state per thread, none for the reply",
      );
      assert.deepEqual(
        states.filter((s) => s.resolved).map((s) => s.rootCommentId),
        [first, last],
      );
      assert.ok(
        states.every((s) => !s.outdated),
        "nothing moved yet",
      );
      assert.ok(emulator.requests.filter((r) => r.path === "/graphql").length >= 2, "the second page was asked for");
    });

    test("a thread whose lines changed since is outdated; the others are not", async () => {
      const moved = CHANGED.replace("w3 = 3\n", "w3 = 'three'\n");
      await emulator.commit({ ...where, branch: "booty/issue-1", files: { "app.py": moved } });
      const states = (await forge.listReviewThreadStates(ref, pull)) ?? assert.fail("unknown states");
      const outdated = states.filter((s) => s.outdated).map((s) => s.rootCommentId);
      assert.ok(outdated.includes(roots[2] as number), "the thread on the changed line");
      assert.ok(!outdated.includes(roots[120] as number), "a thread far below it");
    });

    test("GraphQL failing or refused leaves the states unknown, with a warning, and never throws", async () => {
      const recorded = recordingLogger();
      const auth =
        mode === "token"
          ? { kind: "token" as const, token: emulator.issueToken({ login: "booty-bot" }) }
          : {
              kind: "app" as const,
              appId: String(emulator.app.id),
              privateKey: emulator.app.privateKeyPem ?? assert.fail("no key"),
            };
      const watched = createGitHubForge({ ...common(), logger: recorded.logger, auth, retry: { retries: 0 } });
      emulator.failNext({ path: "/graphql", status: 502, times: 5 });
      assert.equal(await watched.listReviewThreadStates(ref, pull), null);
      emulator.clearFaults();
      assert.equal(await watched.listReviewThreadStates(ref, 9999), null, "no such pull request");
      emulator.failNext({ path: "/graphql", status: 404, body: { message: "Not Found" } });
      assert.equal(await watched.listReviewThreadStates(ref, pull), null, "a forge without GraphQL");
      const warnings = recorded.lines.map((line) => JSON.parse(line) as { msg: string; error: string });
      assert.equal(warnings.length, 3);
      assert.match(warnings[0]?.msg ?? "", /could not read which review threads are resolved/);
      assert.match(warnings[0]?.error ?? "", /GraphQL pullRequest\.reviewThreads failed for octo\/app: 502/);
      assert.match(warnings[1]?.error ?? "", /Could not resolve to a PullRequest with the number of 9999/);
      assert.match(warnings[2]?.error ?? "", /failed for octo\/app: 404 Not Found/);
      assert.ok(await watched.listReviewThreadStates(ref, pull), "works again once GraphQL answers");
    });
  });
}

test("a token without pull-request access gets unknown states, not a failure", async () => {
  const emulator = await startGitHubEmulator();
  try {
    await emulator.createRepo({ ...where, files: { "app.py": LINES } });
    await emulator.commit({ ...where, branch: "topic", files: { "app.py": CHANGED } });
    const pull = emulator.openPull({ ...where, head: "topic" }).number;
    const token = emulator.issueToken({ login: "narrow", permissions: { contents: "read", metadata: "read" } });
    const recorded = recordingLogger();
    const forge = createGitHubForge({
      apiUrl: emulator.url,
      throttle: false,
      logger: recorded.logger,
      auth: { kind: "token", token },
    });
    assert.equal(await forge.listReviewThreadStates(ref, pull), null);
    assert.match(recorded.lines.join(""), /Resource not accessible by integration/);
  } finally {
    await emulator.close();
  }
});
