import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { loadConfig } from "../../src/config/index.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { openStore } from "../../src/queue/index.ts";
import { isAmbiguous } from "../../src/service/job-view.ts";
import { openJobsSource } from "../../src/service/jobs-source.ts";
import { renderJob, renderJobs } from "../../src/service/render.ts";
import { runBooty } from "../support/cli.ts";

test("booty jobs reads the embedded files when no server holds them, and nothing when there are none", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "booty-jobs-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const config = loadConfig({ HOME: dir, BOOTY_DATA_DIR: join(dir, "data") });
  const empty = await openJobsSource(config);
  assert.deepEqual(await empty.list(10), []);
  await empty.close();

  const store = await openStore({ dataDir: config.dataDir, logger: silentLogger() });
  const id = randomUUID();
  await store.storeDeliveries([
    {
      id: "d-1",
      event: "issues",
      action: "labeled",
      repo: "octo/calc",
      outcome: "queued",
      payload: "{}",
      job: {
        id,
        repo: "octo/calc",
        issueNumber: 4,
        title: "Add subtract",
        actor: "alice",
        command: "run",
        installationId: null,
      },
    },
  ]);
  const report = {
    status: "succeeded",
    verified: false,
    // The pipeline's order, which is not the alphabetical one nor the database's JSON key order.
    timings: { workspace: 1200, "repo-config": 10, analyze: 3400, guard: 1, apply: 5, verify: 8000, publish: 900 },
  };
  await store.recordRun({
    jobId: id,
    attempt: 1,
    startedAt: new Date("2026-01-01T00:00:00Z"),
    finishedAt: new Date("2026-01-01T00:00:14Z"),
    status: "succeeded",
    error: null,
    report: { ...report, usage: { inputTokens: 10, outputTokens: 5, costUsd: 0.01 } } as never,
  });
  await store.close();

  const source = await openJobsSource(config);
  try {
    const jobs = await source.list(10);
    assert.deepEqual(
      jobs.map((j) => [j.id, j.state, j.repo, j.issueNumber]),
      [[id, "queued", "octo/calc", 4]],
    );
    assert.match(renderJobs(jobs), new RegExp(`${id}\\s+queued\\s+0\\s+octo/calc#4`));
    const found = (await source.get(id)) ?? assert.fail("job not found");
    const job = isAmbiguous(found) ? assert.fail("one job, not ambiguous") : found;
    assert.match(renderJob(job), /issue {4}octo\/calc#4 Add subtract/);
    assert.deepEqual(
      Object.keys(job.runs[0]?.timings ?? {}),
      Object.keys(report.timings),
      "steps in the order they ran",
    );
    assert.match(
      renderJob(job),
      /attempt 1: succeeded, NOT verified \(draft PR\) in 14\.0s, tokens 10 in \/ 5 out, \$0\.0100/,
    );
    assert.match(renderJob(job), /\ncost {5}\$0\.0100\n/, "the job's total");
    assert.match(renderJob(job), /steps: workspace 1\.2s, repo-config 0\.0s, analyze 3\.4s, guard 0\.0s, apply/);
    assert.equal(await source.get("not-a-uuid"), null);
  } finally {
    await source.close();
  }
});

const jobNamed = (id: string, issueNumber: number) => ({
  id: `d-${id}`,
  event: "issues",
  action: "labeled",
  repo: "octo/calc",
  outcome: "queued",
  payload: "{}",
  job: {
    id,
    repo: "octo/calc",
    issueNumber,
    title: "t",
    actor: "alice",
    command: "run" as const,
    installationId: null,
  },
});

test("booty job takes the start of an id, as git does; an ambiguous or unknown one is one line", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "booty-jobs-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const env = { HOME: dir, BOOTY_DATA_DIR: join(dir, "data") };
  const store = await openStore({ dataDir: env.BOOTY_DATA_DIR, logger: silentLogger() });
  const a = "8cc52b87-0a00-4000-8000-000000000001";
  const b = "8cc52b87-1b00-4000-8000-000000000002";
  await store.storeDeliveries([jobNamed(a, 1), jobNamed(b, 2)]);
  await store.storeDeliveries([
    { ...jobNamed(a, 1), receivedAt: new Date(Date.now() + 60_000).toISOString() },
    {
      id: "d-ping",
      event: "ping",
      action: null,
      repo: "octo/calc",
      sender: "bob",
      outcome: "ignored: ping is not an event booty acts on",
      payload: "",
      job: null,
    },
    {
      id: "refused-1",
      event: "issues",
      action: null,
      repo: null,
      claimedId: "forged-1",
      outcome: "refused: signature does not match",
      payload: "",
      job: null,
    },
  ]);
  await store.close();

  const listed = await runBooty(["deliveries", "--limit", "10"], env);
  assert.equal(listed.code, 0, listed.stderr);
  const lines = listed.stdout.trimEnd().split("\n");
  assert.match(lines[0] ?? "", /^RECEIVED +DELIVERY +EVENT +REPO +SENDER +OUTCOME$/);
  assert.equal(lines.length, 5);
  assert.ok(lines.some((l) => /forged-1 +issues +- +- +refused: signature does not match$/.test(l)));
  assert.ok(lines.some((l) => /d-ping +ping +octo\/calc +bob +ignored: ping is not an event booty acts on$/.test(l)));
  assert.ok(lines.some((l) => l.includes(`accepted: job ${a} (redelivered 1x)`)));
  const json = await runBooty(["deliveries", "--json", "--limit", "1"], env);
  assert.equal((JSON.parse(json.stdout) as unknown[]).length, 1);

  const unique = await runBooty(["job", "8cc52b870"], env);
  assert.equal(unique.code, 0, unique.stderr);
  assert.match(unique.stdout, new RegExp(`^job {6}${a}\n`));
  const dashed = await runBooty(["job", "8CC52B87-1B", "--json"], env);
  assert.equal((JSON.parse(dashed.stdout) as { id: string }).id, b);

  const ambiguous = await runBooty(["job", "8cc52b87"], env);
  assert.equal(ambiguous.code, 1);
  assert.equal(ambiguous.stderr, "booty: job id 8cc52b87 is ambiguous: 2 jobs start with it; give more of it\n");
  const unknown = await runBooty(["job", "0123abcd"], env);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /^booty: no job 0123abcd in .*\n$/);
  const short = await runBooty(["job", "8cc"], env);
  assert.equal(short.stderr, "booty: job id '8cc': expected a job id or its first 4+ characters\n");
  assert.equal(ambiguous.stdout + unknown.stdout + short.stdout, "");
});
