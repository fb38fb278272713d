/** Everything booty writes under its data dir is private to booty's user: a real run, then a real serve. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { tempDir } from "../../src/workspace/test-support.ts";
import { until } from "../service/support/webhooks.ts";
import { BOOTY_BIN, runBooty } from "../support/cli.ts";
import { startGitHubEmulator } from "../support/github-emulator/index.ts";
import { ANALYSIS, PLAN, sampleRepo, writeScript } from "../support/pipeline-fixtures.ts";

/** Every path under `root` (root included) whose mode lets the group or others in. */
function shared(root: string): string[] {
  const out: string[] = [];
  const visit = (path: string) => {
    const stat = lstatSync(path);
    if (!stat.isSymbolicLink() && (stat.mode & 0o077) !== 0) out.push(`${(stat.mode & 0o777).toString(8)} ${path}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(root);
  return out;
}

test("after a run on a URL and a serve start, no file or folder under the data dir is open to group or others", async (t) => {
  const dir = tempDir(t, "booty-private-");
  const repo = sampleRepo(join(dir, "repo"));
  const script = writeScript(dir, { analyze: ANALYSIS, generate: PLAN });
  const data = join(dir, "data");
  mkdirSync(data, { mode: 0o755 }); // made before booty set its umask, or by hand
  chmodSync(data, 0o755);
  writeFileSync(join(dir, ".gitconfig"), "[user]\n\tname = Test User\n\temail = test@example.com\n");
  const env = { HOME: dir, BOOTY_DATA_DIR: data, LOG_LEVEL: "warn" };
  const run = await runBooty(
    ["run", "--repo", `file://${repo}`, "--title", "Add subtract", "--model", `script:${script}`, "--json"],
    env,
  );
  assert.equal(run.code, 0, run.stderr);

  const emulator = await startGitHubEmulator();
  t.after(() => emulator.close());
  const child = spawn(process.execPath, [BOOTY_BIN, "serve"], {
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      NODE_OPTIONS: process.env.NODE_OPTIONS ?? "",
      ...env,
      LOG_LEVEL: "info",
      WEBHOOK_SECRET: "s",
      GITHUB_TOKEN: emulator.issueToken({ login: "booty-bot" }),
      GITHUB_API_URL: emulator.url,
      BOOTY_MODEL: `script:${script}`,
      BOOTY_HOST: "127.0.0.1",
      BOOTY_PORT: "0",
      BOOTY_SANDBOX: "none",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((r) => child.once("exit", r));
  try {
    await until("booty serve to listen", async () => /"url":"(http:[^"]+)"/.exec(log)?.[1], 60_000);
  } finally {
    child.kill("SIGTERM");
  }
  assert.equal(await exited, 0, log);
  const names = readdirSync(data);
  for (const expected of ["db", "mirrors"]) assert.ok(names.includes(expected), `${expected} in ${names}`);
  assert.deepEqual(shared(data), []);
});
