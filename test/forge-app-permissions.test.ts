/**
 * The committed App manifest against what booty does: its events cover every event the router acts on,
 * and an installation granted exactly its permissions can make every call of the Forge port. And an App
 * installation that has not accepted `checks: write` (installed before booty reported check runs) keeps
 * working, with only the check run refused, as a permanent ForgeError.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { after, before, test } from "node:test";
import { ForgeError } from "../src/errors/index.ts";
import { parseEvent } from "../src/events/index.ts";
import { createGitHubForge, type Forge } from "../src/forge/index.ts";
import { silentLogger } from "../src/log/logger.ts";
import { type Emulator, startGitHubEmulator, type TokenPermissions } from "./support/github-emulator/index.ts";

const manifest = JSON.parse(readFileSync(new URL("../app-manifest.json", import.meta.url), "utf8")) as {
  default_events: string[];
  default_permissions: TokenPermissions;
};
const ref = { owner: "legacy", repo: "app" };
const full = { owner: "granted", repo: "app" };
let emulator: Emulator;
let forge: Forge;
let sha = "";

function appForge(): Forge {
  const privateKey = emulator.app.privateKeyPem ?? assert.fail("no App key");
  return createGitHubForge({
    apiUrl: emulator.url,
    auth: { kind: "app", appId: String(emulator.app.id), privateKey },
    logger: silentLogger(),
    throttle: false,
    retry: { baseMs: 5 },
  });
}

before(async () => {
  emulator = await startGitHubEmulator();
  const { head } = await emulator.createRepo(ref);
  emulator.createIssue({ ...ref, title: "Crash" });
  emulator.addInstallation({
    account: "legacy",
    permissions: { contents: "write", issues: "write", pull_requests: "write", metadata: "read" },
  });
  forge = appForge();
  sha = head;
});
after(() => emulator.close());

test("the manifest subscribes to every event the router acts on, and to nothing it ignores", () => {
  const groups = createRequire(import.meta.url)("@octokit/webhooks-examples/api.github.com/index.json") as {
    name: string;
    examples: unknown[];
  }[];
  const reads = (name: string, body: unknown) => {
    const parsed = parseEvent(name, "delivery", body);
    return parsed.ok && parsed.event.name !== "other";
  };
  const acted = groups.filter((g) => g.examples.some((body) => reads(g.name, body))).map((g) => g.name);
  assert.ok(acted.length >= 4, `the router reads ${acted.join(", ")}`);
  assert.deepEqual([...manifest.default_events].sort(), [...acted].sort());
});

test("an installation with exactly the manifest's permissions can make every Forge call", async () => {
  await emulator.createRepo({ ...full, files: { "a.py": "a = 1\n" } });
  const head = await emulator.commit({ ...full, branch: "booty/issue-1", files: { "a.py": "a = 2\n" } });
  emulator.createIssue({ ...full, title: "Bump a", author: "alice" });
  emulator.setPermission("granted", "app", "alice", "write");
  emulator.addInstallation({ account: "granted", permissions: manifest.default_permissions });
  const app = appForge();
  let pull = 0;
  let comment = 0;
  // Typed by the port: a method added to Forge without a call here does not compile.
  const calls: Record<keyof Forge, () => Promise<unknown>> = {
    gitAuth: async () => {
      const auth = await app.gitAuth(full);
      const basic = Buffer.from(`x-access-token:${auth.token}`).toString("base64");
      const res = await fetch(`${auth.cloneUrl}/info/refs?service=git-receive-pack`, {
        headers: { authorization: `Basic ${basic}` },
      });
      assert.equal(res.status, 200, "the token may push");
    },
    getRepository: () => app.getRepository(full),
    getIssue: () => app.getIssue(full, 1),
    getPermission: async () => assert.equal(await app.getPermission(full, "alice"), "write"),
    ensureComment: () => app.ensureComment(full, 1, { marker: "status", body: "Working on it" }),
    ensureLabels: () => app.ensureLabels(full, 1, ["booty"]),
    ensurePullRequest: async () => {
      const opts = { head: "booty/issue-1", base: "main", title: "Bump a", body: "Closes #1", draft: false };
      pull = (await app.ensurePullRequest(full, opts)).number;
    },
    findPullRequest: async () => assert.equal((await app.findPullRequest(full, "booty/issue-1"))?.number, pull),
    commitIdentity: () => app.commitIdentity(full),
    getPullRequest: () => app.getPullRequest(full, pull),
    listIssueComments: () => app.listIssueComments(full, pull),
    listReviews: () => app.listReviews(full, pull),
    listReviewComments: async () => {
      const on = { ...full, pull, author: "alice", path: "a.py", line: 1, body: "/booty why?" };
      comment = (await emulator.addReviewComment(on)).id;
      assert.equal((await app.listReviewComments(full, pull)).length, 1);
    },
    listReviewThreadStates: async () => assert.equal((await app.listReviewThreadStates(full, pull))?.length, 1),
    replyToReviewComment: () => app.replyToReviewComment(full, pull, comment, "Because."),
    addReaction: async () => {
      await app.addReaction(full, { kind: "issue", number: 1 }, "eyes");
      await app.addReaction(full, { kind: "review_comment", id: comment }, "eyes");
    },
    reportCheck: () => app.reportCheck(full, { sha: head, state: "success", title: "ok", summary: "ok" }),
  };
  for (const [name, call] of Object.entries(calls)) {
    await call().catch((error: unknown) => assert.fail(`${name}: ${String(error)}`));
  }
  const refused = emulator.requests.filter((r) => r.path.includes("/granted/") && r.status >= 400);
  assert.deepEqual(refused, [], "no call was refused");
  assert.equal(emulator.checkRuns("granted", "app", head).length, 1);
});

test("without checks: write the App still comments and reacts; only its check run is refused", async () => {
  const comment = await forge.ensureComment(ref, 1, { marker: "status", body: "Working on it" });
  assert.equal(comment.created, true);
  await forge.addReaction(ref, { kind: "issue", number: 1 }, "eyes");
  assert.equal(emulator.reactions("legacy", "app", { kind: "issue", number: 1 }).length, 1);
  const error = await forge.reportCheck(ref, { sha, state: "success", title: "ok", summary: "ok" }).then(
    () => assert.fail("expected a refusal"),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof ForgeError);
  assert.deepEqual([error.status, error.retryable], [403, false]);
  assert.deepEqual(emulator.checkRuns("legacy", "app"), []);
});
