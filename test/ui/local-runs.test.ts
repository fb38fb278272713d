import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadConfig } from "../../src/config/index.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { startService } from "../../src/service/service.ts";
import { tempDir } from "../../src/workspace/test-support.ts";
import { BOOTY_BIN, runBooty } from "../support/cli.ts";
import { ANALYSIS, PLAN, sampleRepo, writeScript } from "../support/pipeline-fixtures.ts";

type Ctx = { after(fn: () => void): void };

function setup(t: Ctx) {
  const dir = tempDir(t, "booty-local-runs-");
  const repo = sampleRepo(join(dir, "repo"));
  const script = writeScript(dir, { analyze: ANALYSIS, generate: PLAN });
  writeFileSync(join(dir, ".gitconfig"), "[user]\n\tname = Test User\n\temail = test@example.com\n");
  const data = join(dir, "data");
  const env = { HOME: dir, BOOTY_DATA_DIR: data, LOG_LEVEL: "warn" };
  const run = (title: string) =>
    runBooty(["run", "--repo", repo, "--title", title, "--issue-number", "3", "--model", `script:${script}`], env);
  return { dir, data, env, run };
}

/** `booty ui` in a child process, as a person starts it; its URL once it says so. */
async function bootyUi(t: Ctx, env: Record<string, string>, dataDir: string): Promise<string> {
  const child = spawn(process.execPath, [BOOTY_BIN, "ui", "--data-dir", dataDir, "--port", "0"], {
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
    child.stderr.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.on("close", (code) => reject(new Error(`booty ui exited ${code}: ${out}`)));
  });
}

describe("booty run's jobs in the dashboard", () => {
  it("the README's walkthrough: the demo, kept, then booty ui on its data dir shows the job", async (t) => {
    const home = tempDir(t, "booty-walkthrough-");
    const demo = await runBooty(["demo", "--keep"], { HOME: home });
    assert.equal(demo.code, 0, demo.stderr);
    const kept = /^kept: (\S+)$/m.exec(demo.stderr)?.[1] ?? "";
    t.after(() => rmSync(kept, { recursive: true, force: true }));
    const data = /^see it in the dashboard: booty ui --data-dir (\S+)$/m.exec(demo.stderr)?.[1] ?? "";
    assert.equal(data, join(kept, "data"), demo.stderr);
    const url = await bootyUi(t, { HOME: home }, data);
    const jobs = await (await fetch(`${url}jobs`)).text();
    assert.match(jobs, /mean\(\) of an empty list crashes/);
    const id = /href="\/ui\/jobs\/([0-9a-f-]{36})"/.exec(jobs)?.[1];
    const job = await (await fetch(`${url}jobs/${id}`)).text();
    assert.equal([...job.matchAll(/<td class="(pass|fail)">/g)].map((m) => m[1]).join(","), "fail,pass", "both rounds");
    assert.match(job, /<td>refine<\/td>/, "the refine call");
  });

  it("a run is recorded in the data dir and booty ui --data-dir shows it with its diff", async (t) => {
    const { data, env, run } = setup(t);
    const result = await run("Add subtract to calc");
    assert.equal(result.code, 0, result.stderr);
    const lines = readFileSync(join(data, "runs.jsonl"), "utf8").trim().split("\n");
    assert.equal(lines.length, 1, "one line per run");
    const url = await bootyUi(t, env, data);
    const jobs = await (await fetch(`${url}jobs`)).text();
    assert.match(jobs, /Add subtract to calc/);
    assert.match(jobs, /booty run/, "the trigger says where it came from");
    const id = /href="\/ui\/jobs\/([0-9a-f-]{36})"/.exec(jobs)?.[1];
    const job = await (await fetch(`${url}jobs/${id}`)).text();
    assert.match(job, /<span class="add">\+def subtract\(a, b\):<\/span>/, "the diff, highlighted");
    assert.match(
      job,
      /<td><code>calc\/ops.py<\/code><\/td><td>[\d.]+<\/td><td>lexical rank 1/,
      "the localizer's top file",
    );
  });

  it("booty jobs and booty job --data-dir list a run before any dashboard imported it, once", async (t) => {
    const { data, env, run } = setup(t);
    assert.equal((await run("Add subtract, listed")).code, 0);
    const listed = await runBooty(["jobs", "--json", "--data-dir", data], env);
    assert.equal(listed.code, 0, listed.stderr);
    const jobs = JSON.parse(listed.stdout) as { id: string; title: string; state: string }[];
    assert.deepEqual(
      jobs.map((j) => [j.title, j.state]),
      [["Add subtract, listed", "succeeded"]],
    );
    const one = await runBooty(["job", jobs[0]?.id.slice(0, 8) ?? "", "--data-dir", data], env);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /Add subtract, listed/);
    const again = await runBooty(["jobs", "--json", "--data-dir", data], env);
    assert.equal((JSON.parse(again.stdout) as unknown[]).length, 1, "imported once");
  });

  it("a run while booty serve holds the data dir still runs, and serve's dashboard shows it", async (t) => {
    const { env, run } = setup(t);
    const config = loadConfig({ ...env, WEBHOOK_SECRET: "s", GITHUB_TOKEN: "t", BOOTY_PORT: "0" }, {});
    const service = await startService({ config, logger: silentLogger(), mode: "intake" });
    try {
      const result = await run("Add subtract while serving");
      assert.equal(result.code, 0, result.stderr);
      // booty jobs reads through serve, which imports the run for it before any page is drawn.
      const listed = await runBooty(["jobs", "--json"], env);
      assert.equal(listed.code, 0, listed.stderr);
      const titles = (JSON.parse(listed.stdout) as { title: string }[]).map((j) => j.title);
      assert.deepEqual(titles, ["Add subtract while serving"]);
      const jobs = await (await fetch(`${service.uiUrl}jobs`)).text();
      assert.match(jobs, /Add subtract while serving/);
      const again = await (await fetch(`${service.uiUrl}jobs`)).text();
      assert.equal([...again.matchAll(/Add subtract while serving/g)].length, 1, "imported once");
    } finally {
      await service.stop();
    }
  });
});
