import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { loadConfig } from "../../src/config/index.ts";
import { ConfigError } from "../../src/errors/index.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { startService } from "../../src/service/service.ts";
import { BOOTY_BIN, runBooty } from "../support/cli.ts";
import { queueJob } from "./support.ts";

describe("where the dashboard is served", () => {
  const dir = mkdtempSync(join(tmpdir(), "booty-ui-serve-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const env = {
    HOME: dir,
    BOOTY_DATA_DIR: join(dir, "data"),
    WEBHOOK_SECRET: "s",
    GITHUB_TOKEN: "t",
    BOOTY_HOST: "127.0.0.1",
    BOOTY_PORT: "0",
    BOOTY_INTAKE_THREADS: "1",
  };

  it("is next to the intake's port unless BOOTY_UI_PORT says; a short BOOTY_UI_TOKEN is refused", () => {
    assert.equal(loadConfig({ HOME: "/x" }, {}).service.ui.port, 3001);
    assert.equal(loadConfig({ HOME: "/x", BOOTY_PORT: "0" }, {}).service.ui.port, 0);
    assert.equal(loadConfig({ HOME: "/x", BOOTY_UI_PORT: "8080" }, {}).service.ui.port, 8080);
    assert.equal(loadConfig({ HOME: "/x" }, {}).service.ui.host, "127.0.0.1");
    assert.throws(() => loadConfig({ HOME: "/x", BOOTY_UI_TOKEN: "short" }, {}), ConfigError);
  });

  it("by booty serve, over the store its intake writes to", async () => {
    const service = await startService({ config: loadConfig(env, {}), logger: silentLogger(), mode: "intake" });
    try {
      const id = await queueJob(service.store, { delivery: "d-9", repo: "octo/calc", issue: 9, title: "Add divide" });
      assert.match(service.uiUrl ?? "", /^http:\/\/127\.0\.0\.1:\d+\/ui\/$/);
      const jobs = await fetch(`${service.uiUrl}jobs`);
      assert.equal(jobs.status, 200);
      assert.match(await jobs.text(), /Add divide/);
      assert.equal((await fetch(`${service.uiUrl}jobs/${id}`)).status, 200);
      assert.equal((await fetch(`${service.uiUrl}jobs/00000000-0000-8000-8000-000000000000`)).status, 404);
      // 56 jobs: 50 a page, newest first.
      for (let i = 10; i < 65; i++) {
        await queueJob(service.store, { delivery: `d-${i}`, repo: "octo/calc", issue: i, title: `Job ${i}` });
      }
      const rows = (page: string) => [...page.matchAll(/<tr data-job=/g)].length;
      // Asked again at once: as a reload asks (a page is otherwise kept for a second, page-cache.ts).
      const reload = { headers: { "cache-control": "max-age=0" } };
      const first = await (await fetch(`${service.uiUrl}jobs`, reload)).text();
      assert.equal(rows(first), 50);
      assert.match(first, /Job 64/);
      assert.match(first, /href="\/ui\/jobs\?page=2"/);
      const second = await (await fetch(`${service.uiUrl}jobs?page=2`)).text();
      assert.equal(rows(second), 6);
      assert.match(second, /Add divide/);
      assert.match(second, /href="\/ui\/jobs\?page=1"/);
      assert.doesNotMatch(second, /rel="next"/);
    } finally {
      await service.stop();
    }
  });

  it("a taken dashboard port is a one-line error naming it and its settings; BOOTY_UI=off opens none", async (t) => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    t.after(() => taken.close());
    const port = String((taken.address() as { port: number }).port);
    const script = join(dir, "script.yml");
    writeFileSync(script, "analyze: {}\n");
    const busy = await runBooty(["serve", "--model", `script:${script}`], { ...env, BOOTY_UI_PORT: port });
    assert.equal(busy.code, 1);
    assert.equal(
      busy.stderr.trim().split("\n").at(-1),
      `booty: the dashboard cannot listen on 127.0.0.1:${port}: the port is in use; set BOOTY_UI_PORT to a free port, or BOOTY_UI=off to serve no dashboard`,
    );
    assert.equal(existsSync(join(env.BOOTY_DATA_DIR, "serve.json")), false, "no control file is left behind");
    const off = loadConfig({ ...env, BOOTY_UI: "off", BOOTY_UI_PORT: port }, {});
    const service = await startService({ config: off, logger: silentLogger(), mode: "intake" });
    try {
      assert.equal(service.uiUrl, null, "no dashboard, and its taken port was never asked for");
      assert.match(service.url ?? "", /^http:\/\/127\.0\.0\.1:\d+$/, "the intake is up");
    } finally {
      await service.stop();
    }
    assert.throws(() => loadConfig({ HOME: "/x", BOOTY_UI: "no" }, {}), /BOOTY_UI: expected on or off/);
  });

  it("by booty ui over the data dir, once nothing else holds it", async () => {
    const child = spawn(process.execPath, [BOOTY_BIN, "ui", "--port", "0"], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NODE_OPTIONS: process.env.NODE_OPTIONS ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    after(() => child.kill());
    let out = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const found = /the dashboard is at (\S+)/.exec(out)?.[1];
        if (found) resolve(found);
      });
      child.on("close", (code) => reject(new Error(`booty ui exited ${code}: ${out}`)));
    });
    const jobs = await fetch(`${url}jobs?q=divide`);
    assert.equal(jobs.status, 200);
    assert.ok((await jobs.text()).includes("Add divide"), "the job booty serve stored");
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
  });

  it("by booty ui: a data dir with no database, or a bad port, is a one-line error", async () => {
    const empty = await runBooty(["ui", "--data-dir", join(dir, "nothing")], { HOME: dir });
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /^booty: no jobs in .*nothing yet \(no database there, no booty run recorded\)\n$/);
    const port = await runBooty(["ui", "--port", "http"], { HOME: dir });
    assert.equal(port.stderr, "booty: --port http: expected a port, a whole number from 0 to 65535\n");
  });
});
