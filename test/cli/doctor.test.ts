/** `booty doctor` as a user runs it: real bwrap, a real repository, a model server on 127.0.0.1. */
import assert from "node:assert/strict";
import { chmodSync, mkdirSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import { makeRepo, tempDir } from "../../src/workspace/test-support.ts";
import { runBooty } from "../support/cli.ts";

test("every check passes: one ✓ line each, exit 0; an open data dir is a ✗ line and exit 1", async (t) => {
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

  chmodSync(data, 0o755);
  const open = await runBooty(["doctor"], env);
  assert.equal(open.code, 1);
  assert.match(open.stdout, new RegExp(`^✗ data dir: ${data} is mode 755, open to others: chmod 700 ${data}$`, "m"));
});

test("a bad --timeout is one line naming the flag", async () => {
  const r = await runBooty(["doctor", "--timeout", "soon"], { BOOTY_DATA_DIR: "/nonexistent/booty" });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "booty: --timeout 'soon' (booty doctor): expected whole seconds, 1 or more\n");
  assert.equal(r.stdout, "");
});
