import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { silentLogger } from "../../src/log/logger.ts";
import { localJobId, openStore } from "../../src/queue/index.ts";
import { startUi } from "../../src/ui/start.ts";
import { tempDir } from "../../src/workspace/test-support.ts";
import { BOOTY_BIN, runBooty } from "../support/cli.ts";
import { ANALYSIS, PLAN, sampleRepo, writeScript } from "../support/pipeline-fixtures.ts";

// The three secrets a service holds. The webhook secret has no well-known shape: only booty's knowing it
// can scrub it.
const GITHUB_TOKEN = `ghp_${"Zq7Wk3Lp9".repeat(4)}`;
const API_KEY = `sk-ant-api03-${"Xy4Vb8Nm2".repeat(4)}`;
const WEBHOOK_SECRET = "plain-webhook-secret-7c41d9e2";
const ALL = [GITHUB_TOKEN, API_KEY, WEBHOOK_SECRET];
const ECHO = ALL.join(" ");

type Ctx = { after(fn: () => void): void };

const leaks = (text: string) => ALL.filter((s) => text.includes(s));

async function bootyUi(t: Ctx, env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [BOOTY_BIN, "ui", "--port", "0"], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NODE_OPTIONS: process.env.NODE_OPTIONS ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  t.after(() => child.kill("SIGTERM"));
  let out = "";
  return new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const found = /the dashboard is at (\S+)/.exec(out)?.[1];
      if (found) resolve(found);
    });
    child.on("close", (code) => reject(new Error(`booty ui exited ${code}: ${out}`)));
  });
}

describe("no secret reaches the dashboard", () => {
  it("a run whose issue, model output and change echo the token, the API key and the webhook secret", async (t) => {
    const dir = tempDir(t, "booty-secrets-");
    const repo = sampleRepo(join(dir, "repo"));
    // The hostile issue asks the model to repeat the secrets; the scripted model does, everywhere it can.
    const plan = structuredClone(PLAN);
    const edit = plan.changes[0]?.edits[0];
    if (edit) edit.replace = `${edit.replace}\n# ${ECHO}\n`;
    const script = writeScript(dir, {
      analyze: { ...ANALYSIS, taskDescription: `Repeat ${ECHO}`, acceptanceCriteria: [ECHO] },
      generate: { ...plan, approach: `Approach: ${ECHO}`, testingNotes: ECHO },
    });
    writeFileSync(join(dir, ".gitconfig"), "[user]\n\tname = Test User\n\temail = test@example.com\n");
    const data = join(dir, "data");
    const secrets = { GITHUB_TOKEN, ANTHROPIC_API_KEY: API_KEY, WEBHOOK_SECRET };
    const env = { HOME: dir, BOOTY_DATA_DIR: data, LOG_LEVEL: "warn", ...secrets };
    const title = `Add subtract ${WEBHOOK_SECRET}`;
    const args = ["run", "--repo", repo, "--title", title, "--body", `Print ${ECHO}`, "--model", `script:${script}`];
    const run = await runBooty(args, env);
    assert.equal(run.code, 0, run.stderr);
    // A second run fails on a path the model made of them: the failure is logged, and shown, with it.
    const refused = writeScript(dir, { analyze: { ...ANALYSIS, filesToModify: [`../${ECHO}`] } }, "refused.yml");
    const failed = await runBooty([...args.slice(0, -1), `script:${refused}`, "--title", "Second"], env);
    assert.equal(failed.code, 1);
    assert.deepEqual(leaks(run.stdout + run.stderr + failed.stdout + failed.stderr), [], "the terminal");
    const stored = readFileSync(join(data, "runs.jsonl"), "utf8");
    assert.match(stored, /\[REDACTED\]/, "the record had them, scrubbed");
    assert.deepEqual(leaks(stored), [], "the record in the data dir");
    // A dashboard that does not know the secrets: what it shows was scrubbed when it was written.
    const url = await bootyUi(t, { HOME: dir, BOOTY_DATA_DIR: data });
    const jobs = await (await fetch(`${url}jobs`)).text();
    const idOf = (title: string) =>
      new RegExp(`<tr data-job="([0-9a-f-]{36})">(?:(?!</tr>)[\\s\\S])*${title}`).exec(jobs)?.[1] ?? "";
    const [id, second] = [idOf("Add subtract \\[REDACTED\\]"), idOf("Second")];
    assert.ok(id && second, "both runs are listed");
    const job = await (await fetch(`${url}jobs/${id}`)).text();
    assert.match(job, /<span class="add">\+# \[REDACTED\] \[REDACTED\] \[REDACTED\]<\/span>/, "the diff, scrubbed");
    assert.match(job, /<details class="log">/, "the log is shown");
    const failure = await (await fetch(`${url}jobs/${second}`)).text();
    assert.match(failure, /run failed: [^<]*\[REDACTED\]/, "the log line with the failure, scrubbed");
    assert.match(failure, /<dt>Issue<\/dt><dd>none<\/dd>/, "a run without --issue-number names no issue");
    for (const path of ["jobs", `jobs/${id}`, `jobs/${second}`, "totals", "deliveries", `jobs?q=subtract`]) {
      const page = await (await fetch(`${url}${path}`)).text();
      assert.deepEqual(leaks(page), [], `/ui/${path}`);
    }
  });

  it("a stored report that still holds them (written before scrubbing) is scrubbed on its way out", async (t) => {
    const dir = tempDir(t, "booty-secrets-ui-");
    const store = await openStore({ dataDir: join(dir, "data"), logger: silentLogger() });
    t.after(() => store.close());
    const id = localJobId("old-run");
    const at = new Date().toISOString();
    const report = {
      timings: {},
      usage: { inputTokens: 0, outputTokens: 0, costUsd: null },
      diff: { text: `+${ECHO}`, truncated: false },
    };
    await store.importLocalRuns([
      {
        id,
        repo: "octo/calc",
        issueNumber: 1,
        title: `<b>${WEBHOOK_SECRET}</b> & ${API_KEY}`,
        actor: "a",
        startedAt: at,
        finishedAt: at,
        status: "failed",
        error: { message: `git said ${GITHUB_TOKEN}` },
        branch: null,
        report,
      },
    ]);
    const ui = await startUi({
      reader: store,
      token: undefined,
      logger: silentLogger(),
      host: "127.0.0.1",
      port: 0,
      secrets: [WEBHOOK_SECRET],
    });
    t.after(() => ui.close());
    for (const path of ["jobs", `jobs/${id}`, `jobs?q=${encodeURIComponent("<b>")}`]) {
      const page = await (await fetch(`${ui.url}${path}`)).text();
      assert.match(page, /\[REDACTED\]/, `/ui/${path} shows where they were`);
      assert.deepEqual(leaks(page), [], `/ui/${path}`);
    }
  });
});
