/** `booty doctor` as a user runs it: real bwrap, a real repository, a model server on 127.0.0.1. */
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import { makeRepo, tempDir } from "../../src/workspace/test-support.ts";
import { runBooty } from "../support/cli.ts";

test("every check passes: one ✓ line each, exit 0; a data dir that is a file is a ✗ line and exit 1", async (t) => {
  const server = createServer((_req, res) => res.writeHead(200).end('{"data":[]}'));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => server.close());
  const dir = tempDir(t, "booty-doctor-cli-");
  chmodSync(dir, 0o755);
  const data = join(dir, "data");
  mkdirSync(data, { mode: 0o700 });
  const repo = makeRepo(join(dir, "repo"), { ".booty.yml": "test_command: sh check.sh\n", "check.sh": "exit 0\n" });
  const env = {
    HOME: dir,
    BOOTY_DATA_DIR: data,
    BOOTY_MODEL: "openai-compatible:llama3",
    BOOTY_MODEL_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
  };
  const ok = await runBooty(["doctor", "--repo", repo], env);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  const names = ok.stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => line.slice(0, line.indexOf(":")));
  assert.deepEqual(names, [
    "✓ node",
    "✓ git",
    "✓ prlimit/setpriv",
    "✓ bubblewrap",
    "✓ data dir",
    "✓ model",
    "✓ test command",
    "✓ toolchain",
    "✓ dependencies",
    "✓ setup cache",
    "✓ tests at the base",
  ]);
  assert.equal(ok.stderr, "");

  // booty closes an open data dir itself when a command starts; one that is not a directory is for the operator.
  const notADir = join(dir, "data-file");
  writeFileSync(notADir, "");
  const broken = await runBooty(["doctor"], { ...env, BOOTY_DATA_DIR: notADir });
  assert.equal(broken.code, 1);
  assert.match(
    broken.stdout,
    new RegExp(`^✗ data dir: ${notADir} is not a directory: set BOOTY_DATA_DIR to a directory$`, "m"),
  );
});

test("a bad --timeout is one line naming the flag", async () => {
  const r = await runBooty(["doctor", "--timeout", "soon"], { BOOTY_DATA_DIR: "/nonexistent/booty" });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "booty: --timeout 'soon' (booty doctor): expected whole seconds, 1 or more\n");
  assert.equal(r.stdout, "");
});
