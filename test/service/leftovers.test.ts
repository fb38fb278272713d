import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { loadConfig } from "../../src/config/index.ts";
import { createGitHubForge } from "../../src/forge/github/index.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { createServiceRunner } from "../../src/service/runner-factory.ts";
import { startService } from "../../src/service/service.ts";
import { openWorkspace } from "../../src/workspace/open.ts";
import { steppingClock } from "../support/stepping-clock.ts";
import { aliceIssue, calcOnEmulator, serveEnv } from "./support/seed.ts";
import { labelIssue, untilJobEnds } from "./support/webhooks.ts";

test("a worktree left by an attempt killed with its process does not block the issue's next job", async (t) => {
  const { dir, emulator } = await calcOnEmulator(t, "booty-leftovers-");
  const issue = aliceIssue(emulator, "calc");
  const dataDir = join(dir, "data");
  const env = serveEnv({ dir, dataDir, emulator, secret: "s" });
  const config = loadConfig(env, {});
  // What a SIGKILL in the middle of an earlier job's last attempt leaves: its worktree, on the branch.
  const forge = createGitHubForge({
    apiUrl: emulator.url,
    auth: { kind: "token", token: env.GITHUB_TOKEN ?? "" },
    logger: silentLogger(),
    throttle: false,
  });
  const auth = await forge.gitAuth({ owner: "octo", repo: "calc" });
  const dead = await openWorkspace({
    source: auth.cloneUrl,
    token: auth.token,
    branch: `booty/issue-${issue.number}`,
    dataDir,
    runId: "0b7c3e1a-1111-4222-8333-444455556666-a3",
    logger: silentLogger(),
  });
  const cliRun = join(dataDir, "worktrees", "cli-run-1");
  mkdirSync(cliRun);

  const service = await startService({
    config,
    logger: silentLogger(),
    mode: "serve",
    runner: createServiceRunner(config, silentLogger(), {
      throttle: false,
      retry: { baseMs: 5 },
      clock: steppingClock(),
    }),
    pollingIntervalSeconds: 0.5,
  });
  try {
    const res = await labelIssue(service.url ?? "", "s", { repo: "calc", number: issue.number, title: "Add subtract" });
    const job = await untilJobEnds("the job", () => service.store.getJob(res.body.job ?? ""));
    assert.equal(job.state, "succeeded", job.error ?? "");
    assert.equal(existsSync(dead.root), false, "the dead attempt's worktree is gone");
    assert.equal(existsSync(cliRun), true, "a worktree that is not a job attempt's is left alone");
    assert.equal(emulator.pulls("octo", "calc").length, 1);
  } finally {
    await service.stop();
  }
});
