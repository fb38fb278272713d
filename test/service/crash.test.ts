import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { loadConfig } from "../../src/config/index.ts";
import { openDatabase } from "../../src/queue/db/open-store.ts";
import { isAmbiguous } from "../../src/service/job-view.ts";
import { openJobsSource } from "../../src/service/jobs-source.ts";
import { startGitHubEmulator } from "../support/github-emulator/index.ts";
import { backends } from "./support/backends.ts";
import { startServeChild } from "./support/child.ts";
import { aliceIssue, seedRepo, serveEnv } from "./support/seed.ts";
import { labeledPayload, labelIssue, postDelivery, until, untilJobEnds } from "./support/webhooks.ts";

const SECRET = "crash-secret";
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "booty-crash-"));
  dirs.push(dir);
  return dir;
};

const all = await backends();

describe("crashes", () => {
  test("SIGKILL mid-job after the PR was opened: after a restart the job completes once, one PR, one start comment", async () => {
    const dir = tempDir();
    const emulator = await startGitHubEmulator();
    try {
      await seedRepo(emulator, "calc");
      const issue = aliceIssue(emulator, "calc", "Add subtract", "subtract(a, b)");
      const env = serveEnv({ dir, dataDir: join(dir, "data"), emulator, secret: SECRET });
      const stall = join(dir, "stalled");
      const first = await startServeChild(env, ["serve", stall]);
      const res = await labelIssue(first.url, SECRET, { repo: "calc", number: issue.number, title: "Add subtract" });
      const jobId = res.body.job ?? assert.fail("no job");
      await until("the worker to publish and stall", async () => existsSync(stall));
      assert.equal(emulator.pulls("octo", "calc").length, 1, "the PR exists before the crash");
      await first.kill("SIGKILL");

      const second = await startServeChild(env, ["serve", stall]);
      try {
        const config = loadConfig(env);
        const job = await untilJobEnds("the job to end after the restart", async () => {
          const source = await openJobsSource(config);
          try {
            const found = await source.get(jobId);
            return found && !isAmbiguous(found) ? found : null;
          } finally {
            await source.close();
          }
        });
        assert.equal(job.state, "succeeded", job.error ?? "");
        assert.equal(job.attempts, 2);
        assert.equal(emulator.pulls("octo", "calc").length, 1, "exactly one PR");
        const comments = emulator.comments("octo", "calc", issue.number);
        assert.equal(comments.length, 1, "exactly one start comment");
        assert.match(comments[0]?.body ?? "", /opened a pull request/);
      } finally {
        await second.kill("SIGTERM");
      }
    } finally {
      await emulator.close();
    }
  });

  for (const backend of all) {
    test(`SIGKILL of the server during a burst (${backend.name}): every delivery answered 202 is in the database after a restart`, async () => {
      const { dataDir, databaseUrl } = await backend.location();
      const env: Record<string, string> = {
        HOME: dataDir,
        WEBHOOK_SECRET: SECRET,
        GITHUB_TOKEN: "unused",
        BOOTY_HOST: "127.0.0.1",
        BOOTY_PORT: "0",
        BOOTY_DATA_DIR: dataDir,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      };
      const server = await startServeChild(env, ["intake"]);
      const acknowledged: string[] = [];
      let next = 0;
      const lane = async () => {
        while (next < 400) {
          const n = next++;
          const id = `burst-${n}`;
          const payload = labeledPayload({
            owner: "octo",
            repo: "calc",
            number: n + 1,
            title: `issue ${n}`,
            sender: "alice",
          });
          const res = await postDelivery(server.url, SECRET, "issues", payload, id).catch(() => null);
          if (res?.status === 202) acknowledged.push(id);
          if (acknowledged.length === 100) void server.kill("SIGKILL");
          if (!res) return;
        }
      };
      await Promise.all(Array.from({ length: 16 }, lane));
      await server.kill("SIGKILL");
      assert.ok(acknowledged.length >= 100 && acknowledged.length < 400, `${acknowledged.length} acknowledged`);
      // The restarted intake stores what the killed one acknowledged before it listens again.
      const restarted = await startServeChild(env, ["intake"]);
      await restarted.kill("SIGTERM");

      const db = await openDatabase({ dataDir: join(dataDir), databaseUrl });
      try {
        const { rows } = await db.query<{ id: string; job_id: string | null }>(
          "SELECT d.id, j.id AS job_id FROM booty.deliveries d LEFT JOIN booty.jobs j ON j.delivery_id = d.id",
        );
        const stored = new Map(rows.map((r) => [r.id, r.job_id]));
        const missing = acknowledged.filter((id) => !stored.has(id));
        assert.deepEqual(missing, [], "acknowledged deliveries lost");
        assert.equal(acknowledged.filter((id) => !stored.get(id)).length, 0, "each acknowledged trigger has its job");
      } finally {
        await db.close();
      }
    });
  }
});
