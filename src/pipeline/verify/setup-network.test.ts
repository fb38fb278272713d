/**
 * setup_command with network_for_setup, through the baseline as a job runs it: its own network, never the
 * host's loopback; refused with what to do where that network cannot be given, leaving no scratch copy.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { silentLogger } from "../../log/logger.ts";
import { parseRepoConfig } from "../../repo-config/index.ts";
import { createSandbox } from "../../sandbox/index.ts";
import { runBaseline } from "./index.ts";

const logger = silentLogger();
const UID = 270_000 + (process.pid % 10_000);
let parent: string;
let root: string;

before(async () => {
  parent = await mkdtemp(join(tmpdir(), "booty-setup-net-"));
  await chmod(parent, 0o711);
  root = await mkdtemp(join(parent, "repo-"));
  await writeFile(join(root, "README"), "hi\n");
});
after(() => rm(parent, { recursive: true, force: true }));

const setupReaching = (port: number) =>
  parseRepoConfig(
    [
      `setup_command: python3 -c "import socket; s=socket.socket(); s.settimeout(3); open('reached', 'w').write(str(s.connect_ex(('127.0.0.1', ${port}))))"`,
      "test_command: cat reached",
      "network_for_setup: true",
      "",
    ].join("\n"),
  );

test("a setup with network cannot reach a service on the host's loopback", async () => {
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    socket.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const sandbox = await createSandbox({ mode: "bwrap", logger, uid: UID });
  try {
    const baseline = await runBaseline({
      sandbox,
      root,
      config: setupReaching(port),
      detected: null,
      logger,
      scratchParent: parent,
      files: ["README"],
    });
    try {
      assert.deepEqual(baseline.notes, [], "setup_command ran");
      assert.equal(await readFile(join(baseline.workspace.dir, "reached"), "utf8"), "111", "connection refused");
      assert.equal(connections, 0);
    } finally {
      await baseline.workspace.dispose();
    }
  } finally {
    server.close();
  }
});

test("without slirp4netns the setup is refused, saying what to do, and its scratch copy is gone", async () => {
  const path = await mkdtemp(join(tmpdir(), "booty-noslirp-"));
  try {
    for (const tool of ["bwrap", "prlimit", "setpriv"]) {
      const at = ["/usr/bin", "/usr/sbin", "/bin", "/sbin"].map((d) => join(d, tool)).find((p) => existsSync(p));
      if (at) await symlink(at, join(path, tool));
    }
    const sandbox = await createSandbox({ mode: "bwrap", logger, uid: UID, searchPath: path });
    await assert.rejects(
      runBaseline({
        sandbox,
        root,
        config: setupReaching(1),
        detected: null,
        logger,
        scratchParent: parent,
        files: ["README"],
      }),
      /slirp4netns, which is not installed: apt-get install slirp4netns, or set network_for_setup: false/,
    );
    assert.deepEqual(
      (await readdir(parent)).filter((n) => n.startsWith("booty-ws-")),
      [],
    );
  } finally {
    await rm(path, { recursive: true, force: true });
  }
});
