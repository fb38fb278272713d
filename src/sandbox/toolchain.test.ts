/**
 * Toolchains outside /usr, in a real bubblewrap sandbox: a pyenv-style installation in a temp HOME is
 * invisible without booty's resolution and runs with it; a secret location is never mounted.
 */
import assert from "node:assert/strict";
import { chown, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { silentLogger } from "../log/logger.ts";
import { createSandbox, type Sandbox } from "./index.ts";
import { exe, fakePyenv, openDir } from "./toolchain/test-support.ts";

const UID = 250_000 + (process.pid % 50_000);
let home: string;
let ws: string;
let plain: Sandbox;
let resolving: Sandbox;

before(async () => {
  home = await openDir("booty-tc-home-");
  ws = await openDir("booty-tc-ws-");
  await chown(ws, UID, UID);
  await fakePyenv(home, ["3.12.1"], "3.12.1");
  await exe(join(home, ".pyenv/shims/bootypy"), "exec pyenv exec bootypy");
  await exe(join(home, ".pyenv/versions/3.12.1/bin/bootypy"), 'echo "bootypy ran: $*"');
  const toolchain = { home, path: `${home}/.pyenv/shims:/usr/bin:/bin`, dataDir: join(home, "data") };
  plain = await createSandbox({ mode: "bwrap", logger: silentLogger(), uid: UID });
  resolving = await createSandbox({ mode: "bwrap", logger: silentLogger(), uid: UID, toolchain });
});

after(async () => {
  await rm(home, { recursive: true, force: true });
  await rm(ws, { recursive: true, force: true });
});

const run = (sandbox: Sandbox, command: string) =>
  sandbox.run({ root: ws, command, timeoutMs: 10_000, network: false });

describe("toolchains in the sandbox", () => {
  test("a pyenv program is 'not found' without the mount and runs with it", async () => {
    const before = await run(plain, "bootypy --version");
    assert.equal(before.exitCode, 127, before.output);
    assert.match(before.output, /bootypy: not found/);
    const after = await run(resolving, "bootypy --version && python3 -m pytest -q");
    assert.equal(after.exitCode, 0, after.output);
    assert.equal(after.output, "bootypy ran: --version\nfake python 3.12.1 -m pytest -q\n");
    assert.equal(after.notes, undefined);
  });

  test("the mount is read-only and shows nothing else of the home directory", async () => {
    await writeFile(join(home, "private-note"), "do not show");
    const prefix = join(home, ".pyenv/versions/3.12.1");
    const r = await run(
      resolving,
      `bootypy x; touch ${prefix}/bin/new 2>/dev/null && echo WROTE; cat ${home}/private-note 2>/dev/null || echo hidden; ls -A ${home}`,
    );
    assert.equal(r.output, "bootypy ran: x\nhidden\n.pyenv\n");
  });

  test("a version that is a symlink into ~/.ssh is refused: the command fails and the result says why", async () => {
    const secret = join(home, ".ssh", "fakepy");
    await exe(join(secret, "bin/bootypy"), "echo SECRET-KEY-MATERIAL");
    await symlink(secret, join(home, ".pyenv/versions/9.9.9"));
    await writeFile(join(ws, ".python-version"), "9.9.9\n");
    try {
      const r = await run(resolving, `bootypy; cat ${secret}/bin/bootypy`);
      assert.doesNotMatch(r.output, /SECRET-KEY-MATERIAL/);
      assert.match(r.output, /bootypy: not found/);
      assert.deepEqual(r.notes, [
        `bootypy: ${join(home, ".pyenv/versions/9.9.9")} (→ ${secret}) refused: it is a secret location (.ssh)`,
      ]);
    } finally {
      await rm(join(ws, ".python-version"));
    }
  });

  test("project-local node_modules/.bin and .venv/bin come first on PATH", async () => {
    await mkdir(join(ws, "node_modules/.bin"), { recursive: true });
    await exe(join(ws, "node_modules/.bin/vitest"), "echo vitest from the project");
    await exe(join(ws, ".venv/bin/pytest"), "echo pytest from the venv");
    try {
      const r = await run(plain, "vitest && pytest && echo $PATH");
      assert.equal(r.exitCode, 0, r.output);
      const lines = r.output.trim().split("\n");
      assert.deepEqual(lines.slice(0, 2), ["vitest from the project", "pytest from the venv"]);
      assert.match(lines[2] ?? "", /^\/workspace\/node_modules\/\.bin:\/workspace\/\.venv\/bin:/);
    } finally {
      await rm(join(ws, "node_modules"), { recursive: true });
      await rm(join(ws, ".venv"), { recursive: true });
    }
  });

  test(".booty.yml read_only directories are visible read-only; one inside the data dir is not", async () => {
    const shared = join(home, "fixtures");
    await mkdir(join(home, "data"), { recursive: true });
    await writeFile(join(home, "data", "token"), "DATA-DIR-SECRET");
    await exe(join(shared, "show"), "echo shared fixture");
    const sandbox = await createSandbox({
      mode: "bwrap",
      logger: silentLogger(),
      uid: UID,
      toolchain: { home, path: "/usr/bin:/bin", dataDir: join(home, "data") },
      readOnly: [shared, join(home, "data")],
    });
    const r = await run(sandbox, `${shared}/show; touch ${shared}/x || echo read-only; cat ${home}/data/token`);
    assert.match(r.output, /^shared fixture\n.*\nread-only\n/s);
    assert.doesNotMatch(r.output, /DATA-DIR-SECRET/);
    assert.deepEqual(r.notes, [
      `sandbox.read_only: ${join(home, "data")} refused: it is inside booty's data directory`,
    ]);
    assert.equal(await readFile(join(home, "data", "token"), "utf8"), "DATA-DIR-SECRET");
  });
});
