import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { getJob } from "../../src/queue/db/jobs.ts";
import { openDatabase } from "../../src/queue/db/open-store.ts";
import { type Emulator, startGitHubEmulator } from "../support/github-emulator/index.ts";
import { startServeChild } from "./support/child.ts";
import { startTestPostgres } from "./support/postgres.ts";
import { aliceIssue, seedRepo, serveEnv } from "./support/seed.ts";
import { labeledPayload, labelIssue, postDelivery, until, untilJobEnds } from "./support/webhooks.ts";

const SECRET = "fleet-secret";
const server = await startTestPostgres();
const dir = mkdtempSync(join(tmpdir(), "booty-fleet-"));
after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

type Child = Awaited<ReturnType<typeof startServeChild>>;

/**
 * A fresh database and an emulator with `octo/calc`; every child process the test pushes onto `children`
 * is stopped, and the emulator closed, however the test ends.
 */
async function withFleet(
  fn: (f: { databaseUrl: string; emulator: Emulator; children: Child[] }) => Promise<void>,
): Promise<void> {
  const databaseUrl = (await server?.createDatabase()) ?? "";
  const emulator = await startGitHubEmulator();
  const children: Child[] = [];
  try {
    await seedRepo(emulator, "calc");
    await fn({ databaseUrl, emulator, children });
  } finally {
    await Promise.all(children.map((c) => c.kill("SIGTERM")));
    await emulator.close();
  }
}

test(
  "on PostgreSQL, two intakes and two workers in separate processes share one queue",
  {
    skip: !server,
  },
  () =>
    withFleet(async ({ databaseUrl, emulator, children }) => {
      const issues = [1, 2, 3].map((n) => aliceIssue(emulator, "calc", `Add subtract ${n}`));
      const env = (name: string) => serveEnv({ dir, dataDir: join(dir, name), emulator, secret: SECRET, databaseUrl });
      // Started together: schema creation must not race.
      children.push(
        ...(await Promise.all([
          startServeChild(env("intake-a"), ["intake"]),
          startServeChild(env("intake-b"), ["intake"]),
          startServeChild(env("worker-a"), ["worker"]),
          startServeChild(env("worker-b"), ["worker"]),
        ])),
      );
      const [a, b] = children;
      const jobIds: string[] = [];
      for (const issue of issues) {
        const payload = labeledPayload({
          owner: "octo",
          repo: "calc",
          number: issue.number,
          title: `Add subtract ${issue.number}`,
          sender: "alice",
        });
        const delivery = `fleet-${issue.number}`;
        // The same delivery reaches both intakes (a redelivery landing elsewhere): one job.
        const [ra, rb] = await Promise.all([
          postDelivery(a?.url ?? "", SECRET, "issues", payload, delivery),
          postDelivery(b?.url ?? "", SECRET, "issues", payload, delivery),
        ]);
        assert.deepEqual([ra.status, rb.status], [202, 202]);
        assert.equal(ra.body.job, rb.body.job);
        jobIds.push(ra.body.job ?? assert.fail("no job"));
      }
      const db = await openDatabase({ dataDir: dir, databaseUrl });
      try {
        for (const id of jobIds) {
          const job = await untilJobEnds(`job ${id}`, () => getJob(db, id), 60_000);
          assert.equal(job.state, "succeeded", job.error ?? "");
        }
        const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM booty.jobs");
        assert.equal(rows[0]?.n, 3);
      } finally {
        await db.close();
      }
      assert.equal(emulator.pulls("octo", "calc").length, 3);
    }),
);

test(
  "on PostgreSQL, a worker SIGKILLed after opening the PR: another worker finishes the job once",
  {
    skip: !server,
  },
  () =>
    withFleet(async ({ databaseUrl, emulator, children }) => {
      const issue = aliceIssue(emulator, "calc");
      const env = (name: string) =>
        serveEnv({
          dir,
          dataDir: join(dir, `kill-${name}`),
          emulator,
          secret: SECRET,
          databaseUrl,
          scriptName: "kill.yml",
        });
      const stall = join(dir, "kill-stalled");
      // The first process creates the queue, with the shortest heartbeat pg-boss allows.
      const intake = await startServeChild(env("intake"), ["intake", "", "10"]);
      children.push(intake);
      const doomed = await startServeChild(env("a"), ["worker", stall, "10"]);
      const res = await labelIssue(intake.url, SECRET, { repo: "calc", number: issue.number, title: "Add subtract" });
      const jobId = res.body.job ?? assert.fail("no job");
      await until("the first worker to publish and stall", async () => existsSync(stall), 30_000);
      await doomed.kill("SIGKILL");
      children.push(await startServeChild(env("b"), ["worker", stall, "10"]));
      const db = await openDatabase({ dataDir: dir, databaseUrl });
      try {
        const job = await untilJobEnds("another worker to finish the job", () => getJob(db, jobId), 90_000);
        assert.equal(job.state, "succeeded", job.error ?? "");
        assert.equal(job.attempts, 2);
      } finally {
        await db.close();
      }
      assert.equal(emulator.pulls("octo", "calc").length, 1, "exactly one PR");
      assert.equal(emulator.comments("octo", "calc", issue.number).length, 1, "exactly one start comment");
    }),
);
