import assert from "node:assert/strict";
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { loadConfig } from "../config/index.ts";
import { silentLogger } from "../log/logger.ts";
import { dataDirCheck, gitCheck, nodeCheck, sandboxChecks } from "./host.ts";

const SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "booty-doctor-host-"));
});
after(() => rm(dir, { recursive: true, force: true }));

describe("doctor: the host", () => {
  test("Node: this one passes, an old one says what to install", () => {
    assert.equal(nodeCheck().ok, true);
    assert.deepEqual(nodeCheck("20.11.1"), {
      name: "node",
      ok: false,
      detail: "Node 20.11.1 is too old: install Node 22.12 or newer",
    });
    assert.equal(nodeCheck("22.12.0").ok, true);
  });

  test("git: its version when found, what to install when not", async () => {
    assert.match((await gitCheck(SYSTEM_PATH)).detail, /^git version \d/);
    assert.deepEqual(await gitCheck(join(dir, "empty")), {
      name: "git",
      ok: false,
      detail: "git not found on PATH: install git (apt-get install git)",
    });
  });

  test("the data dir: private passes; open, foreign-owned or not a directory fails with the fix", async () => {
    const data = join(dir, "data");
    assert.equal((await dataDirCheck(data)).ok, true, "not created yet");
    await mkdir(data, { mode: 0o700 });
    assert.deepEqual(await dataDirCheck(data), { name: "data dir", ok: true, detail: `${data} (mode 700, private)` });
    await chmod(data, 0o755);
    assert.equal((await dataDirCheck(data)).detail, `${data} is mode 755, open to others: chmod 700 ${data}`);
    await writeFile(join(dir, "file"), "");
    assert.equal((await dataDirCheck(join(dir, "file"))).ok, false);
  });

  test("a real bubblewrap sandbox starts; without bwrap on PATH the line says what to install", async () => {
    const config = loadConfig({ BOOTY_DATA_DIR: join(dir, "d") });
    const found = await sandboxChecks(config, SYSTEM_PATH, silentLogger());
    assert.deepEqual(
      found.map((c) => [c.name, c.ok]),
      [
        ["prlimit/setpriv", true],
        ["bubblewrap", true],
      ],
    );
    assert.match(found[1]?.detail ?? "", /^bubblewrap \d.*: a sandbox starts/);
    const partial = join(dir, "bin");
    await mkdir(partial);
    for (const tool of ["prlimit", "setpriv"]) await symlink(`/usr/bin/${tool}`, join(partial, tool));
    const missing = await sandboxChecks(config, partial, silentLogger());
    assert.deepEqual(missing.at(-1), {
      name: "bubblewrap",
      ok: false,
      detail: "bwrap not found: apt-get install bubblewrap, or set BOOTY_SANDBOX=none",
    });
    const none = await sandboxChecks(loadConfig({ BOOTY_SANDBOX: "none" }), partial, silentLogger());
    assert.match(none[0]?.detail ?? "", /unsandboxed/);
  });
});
