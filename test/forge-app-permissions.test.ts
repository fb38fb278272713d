/**
 * An App installation that has not accepted `checks: write` (installed before booty reported check runs):
 * everything else keeps working, and only the check run is refused, as a permanent ForgeError.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ForgeError } from "../src/errors/index.ts";
import { createGitHubForge, type Forge } from "../src/forge/index.ts";
import { silentLogger } from "../src/log/logger.ts";
import { type Emulator, startGitHubEmulator } from "./support/github-emulator/index.ts";

const ref = { owner: "legacy", repo: "app" };
let emulator: Emulator;
let forge: Forge;

before(async () => {
  emulator = await startGitHubEmulator();
  const { head } = await emulator.createRepo(ref);
  emulator.createIssue({ ...ref, title: "Crash" });
  emulator.addInstallation({
    account: "legacy",
    permissions: { contents: "write", issues: "write", pull_requests: "write", metadata: "read" },
  });
  const privateKey = emulator.app.privateKeyPem ?? assert.fail("no App key");
  forge = createGitHubForge({
    apiUrl: emulator.url,
    auth: { kind: "app", appId: String(emulator.app.id), privateKey },
    logger: silentLogger(),
    throttle: false,
    retry: { baseMs: 5 },
  });
  sha = head;
});
after(() => emulator.close());
let sha = "";

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
