import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, it } from "node:test";
import { silentLogger } from "../../src/log/logger.ts";
import { jobIdFor, openStore } from "../../src/queue/index.ts";
import { tempDir } from "../../src/workspace/test-support.ts";
import { runBooty } from "../support/cli.ts";

type Ctx = { after(fn: () => void): void };

/** A port some other program holds, for as long as the test runs. */
async function takenPort(t: Ctx): Promise<number> {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
  t.after(() => holder.close());
  return (holder.address() as { port: number }).port;
}

describe("booty ui, and the jobs commands, given what they cannot use", () => {
  it("a taken port is one line naming it and how to choose another, with booty run's jobs waiting to be imported", async (t) => {
    const home = tempDir(t, "booty-ui-port-");
    const demo = await runBooty(["demo", "--keep"], { HOME: home });
    assert.equal(demo.code, 0, demo.stderr);
    const kept = /^kept: (\S+)$/m.exec(demo.stderr)?.[1] ?? "";
    t.after(() => rmSync(kept, { recursive: true, force: true }));
    const data = join(kept, "data");
    const port = await takenPort(t);
    const ui = await runBooty(["ui", "--data-dir", data, "--port", String(port)], { HOME: home });
    assert.equal(ui.code, 1);
    assert.equal(
      ui.stderr,
      `booty: the dashboard cannot listen on 127.0.0.1:${port}: the port is in use; choose another with --port or BOOTY_UI_PORT\n`,
    );
    assert.equal(ui.stdout, "");
  });

  it("a port that is no number, a data dir that is a file and a short BOOTY_UI_TOKEN are one line each", async (t) => {
    const home = tempDir(t, "booty-ui-input-");
    for (const port of ["", "1e3", "-1", "65536"]) {
      const ui = await runBooty(["ui", "--data-dir", home, `--port=${port}`], { HOME: home });
      assert.equal(ui.code, 1, port);
      assert.equal(ui.stderr, `booty: --port ${port}: expected a port, a whole number from 0 to 65535\n`);
    }
    const file = join(home, "data-file");
    writeFileSync(file, "not a directory");
    const notDir = await runBooty(["ui", "--data-dir", file], { HOME: home });
    assert.equal(notDir.code, 1);
    assert.equal(notDir.stderr, `booty: ${file} is not a directory (--data-dir or BOOTY_DATA_DIR)\n`);
    // booty run recorded a run, but the database beside it cannot be made (its place is taken by a file).
    const blocked = join(home, "blocked");
    mkdirSync(blocked);
    writeFileSync(join(blocked, "runs.jsonl"), "");
    writeFileSync(join(blocked, "db"), "");
    const noDb = await runBooty(["ui", "--data-dir", blocked, "--port", "0"], { HOME: home });
    assert.equal(noDb.code, 1);
    assert.match(noDb.stderr, /^booty: the jobs database cannot be opened \(\S+\/blocked\/db\): EEXIST[^\n]*\n$/);
    const token = await runBooty(["ui", "--data-dir", home], { HOME: home, BOOTY_UI_TOKEN: "short" });
    assert.equal(token.code, 1);
    assert.equal(
      token.stderr,
      "booty: invalid configuration (environment): BOOTY_UI_TOKEN: expected at least 16 characters\n",
    );
  });

  it("booty jobs and booty deliveries refuse a --limit that is not a whole number from 1 to 1000", async (t) => {
    const home = tempDir(t, "booty-jobs-limit-");
    for (const [command, limit] of [
      ["jobs", "abc"],
      ["jobs", "0"],
      ["deliveries", "-5"],
      ["deliveries", "1001"],
    ] as const) {
      const res = await runBooty([command, "--data-dir", home, `--limit=${limit}`], { HOME: home });
      assert.equal(res.code, 1, `${command} ${limit}`);
      assert.equal(res.stderr, `booty: --limit ${limit}: expected a whole number from 1 to 1000\n`);
    }
    const fine = await runBooty(["jobs", "--data-dir", home, "--limit", "5"], { HOME: home });
    assert.equal(fine.code, 0, fine.stderr);
    assert.match(fine.stdout, /^no jobs in /);
  });

  it("booty jobs, job and deliveries show a hostile title and reason as text, never as terminal escapes", async (t) => {
    const home = tempDir(t, "booty-jobs-escapes-");
    const data = join(home, "data");
    const store = await openStore({ dataDir: data, logger: silentLogger() });
    const title = "\x1b]0;pwned\x07Add \x1b[2Jsubtract\u202E";
    await store.storeDeliveries([
      {
        id: "d-esc",
        event: "issues",
        action: "labeled",
        repo: "octo/calc",
        sender: "mallory",
        receivedAt: new Date().toISOString(),
        outcome: "queued",
        payload: "{}",
        job: {
          id: jobIdFor("d-esc"),
          repo: "octo/calc",
          issueNumber: 3,
          title,
          actor: "mallory",
          command: "run",
          installationId: null,
        },
      },
      {
        id: "d-ignored",
        event: "issues",
        action: "labeled",
        repo: "octo/calc",
        sender: "mallory\x1b[8m",
        receivedAt: new Date().toISOString(),
        outcome: "ignored: label \x1b[31mred\x1b[0m is not the trigger",
        payload: "",
        job: null,
      },
    ]);
    await store.close();
    const job = await runBooty(["job", jobIdFor("d-esc").slice(0, 8), "--data-dir", data], { HOME: home });
    assert.equal(job.code, 0, job.stderr);
    assert.match(job.stdout, /Add \uFFFD\[2Jsubtract\uFFFD/);
    const deliveries = await runBooty(["deliveries", "--data-dir", data], { HOME: home });
    assert.equal(deliveries.code, 0, deliveries.stderr);
    assert.match(deliveries.stdout, /label \uFFFD\[31mred\uFFFD\[0m is not the trigger/);
    const jobs = await runBooty(["jobs", "--data-dir", data], { HOME: home });
    for (const out of [job.stdout, deliveries.stdout, jobs.stdout]) {
      for (const unsafe of ["\x1b", "\x07", "\u202E"]) assert.ok(!out.includes(unsafe), out);
    }
    const json = await runBooty(["job", jobIdFor("d-esc"), "--json", "--data-dir", data], { HOME: home });
    assert.equal(JSON.parse(json.stdout).title, title, "--json keeps the text as it is, escaped by JSON");
  });
});
