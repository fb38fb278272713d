/** `booty doctor --repo`'s lines, on real git repositories with their tests run in a real sandbox. */
import assert from "node:assert/strict";
import { chmod, mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { loadConfig } from "../config/index.ts";
import { silentLogger } from "../log/logger.ts";
import { exe, fakePyenv } from "../sandbox/toolchain/test-support.ts";
import { makeRepo } from "../workspace/test-support.ts";
import type { Check } from "./check.ts";
import { repoChecks } from "./repo.ts";

let base: string;
let home: string;
let count = 0;

before(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), "booty-doctor-repo-")));
  await chmod(base, 0o755);
  home = join(base, "home");
  await fakePyenv(home, ["3.12.1"], "3.12.1");
  await exe(join(home, ".pyenv/shims/bootypy"), "exec pyenv exec bootypy");
  await exe(join(home, ".pyenv/versions/3.12.1/bin/bootypy"), "echo 'all 3 tests passed'");
});
after(() => rm(base, { recursive: true, force: true }));

async function doctor(files: Record<string, string>): Promise<Record<string, string>> {
  count += 1;
  return doctorAt(makeRepo(join(base, `repo-${count}`), files));
}

async function doctorAt(root: string): Promise<Record<string, string>> {
  const config = loadConfig({
    BOOTY_DATA_DIR: join(base, "data"),
    HOME: home,
    PATH: `${home}/.pyenv/shims:/usr/local/bin:/usr/bin:/bin`,
  });
  return lines(await repoChecks({ config, root, timeoutMs: 20_000, logger: silentLogger() }));
}

/** name → "✓ detail" (several lines of one name joined by " | "). */
function lines(checks: Check[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of checks) {
    const line = `${c.ok ? "✓" : "✗"} ${c.detail}`;
    out[c.name] = out[c.name] ? `${out[c.name]} | ${line}` : line;
  }
  return out;
}

describe("doctor --repo", () => {
  test("a pyenv program: resolved, mounted, and the tests pass at the base in the sandbox", async () => {
    const r = await doctor({ ".booty.yml": "test_command: bootypy -q\n" });
    const prefix = join(home, ".pyenv/versions/3.12.1");
    assert.equal(r["test command"], "✓ bootypy -q (.booty.yml test_command)");
    assert.equal(r.toolchain, `✓ bootypy → ${prefix}/bin/bootypy via pyenv, mounted ${prefix}`);
    assert.equal(r.dependencies, "✓ none declared without an environment");
    assert.match(r["tests at the base"] ?? "", /^✓ pass in the sandbox \(\d+ ms\)$/);
  });

  test("named failures are a working environment; a program that is missing cannot run", async () => {
    const failing = await doctor({
      ".booty.yml": "test_command: sh check.sh\n",
      "check.sh": [
        "echo '=========================== short test summary info ============================'",
        "echo 'FAILED tests/test_calc.py::test_add - assert -1 == 5'",
        "exit 1",
        "",
      ].join("\n"),
    });
    assert.equal(failing["tests at the base"], "✓ run in the sandbox, 1 failing: tests/test_calc.py::test_add");
    const missing = await doctor({ ".booty.yml": "test_command: no-such-runner --all\n" });
    assert.equal(missing.toolchain, "✓ no-such-runner (not found) | ✗ no-such-runner: not found on booty's PATH");
    assert.match(missing["tests at the base"] ?? "", /^✗ cannot run in the sandbox: .*no-such-runner: not found$/);
  });

  test("a detected command says why; declared dependencies without setup_command are named with the fix", async () => {
    const r = await doctor({ "package.json": '{"scripts":{"test":"node --test"}}', "package-lock.json": "{}\n" });
    assert.equal(r["test command"], "✓ npm test (package.json has a test script)");
    assert.equal(
      r.dependencies,
      "✗ dependencies are declared but not installed (package-lock.json without node_modules/): add `setup_command: npm ci` to .booty.yml",
    );
  });

  test("a setup_command runs before the tests, and the next check finds its result cached", async () => {
    const files = {
      ".booty.yml":
        "test_command: test -f node_modules/ready\nsetup_command: mkdir -p node_modules && touch node_modules/ready\nnetwork_for_setup: false\n",
      "package-lock.json": "{}\n",
    };
    const first = await doctor(files);
    assert.equal(first.dependencies, "✓ installed by setup_command: mkdir -p node_modules && touch node_modules/ready");
    assert.match(first["setup cache"] ?? "", /this repository's setup is not cached yet$/);
    assert.match(first["tests at the base"] ?? "", /^✓ pass in the sandbox/);
    const again = await doctorAt(join(base, `repo-${count}`));
    assert.match(again["setup cache"] ?? "", /^✓ 1 entries, 0 MB of 5120 MB; this repository's setup is cached$/);
  });

  test("no test command, a broken .booty.yml, or not a git repository: one failing line each", async () => {
    assert.deepEqual(await doctor({ "README.md": "hi\n" }), {
      "test command": "✗ none found: add `test_command: …` to .booty.yml (nothing can be verified)",
    });
    const broken = await doctor({ ".booty.yml": "timeout: soon\n" });
    assert.match(broken.repository ?? "", /^✗ .*\.booty\.yml:1: timeout: expected seconds/);
    const config = loadConfig({ BOOTY_DATA_DIR: join(base, "data") });
    const plain = lines(await repoChecks({ config, root: home, timeoutMs: 1000, logger: silentLogger() }));
    assert.match(plain.repository ?? "", /^✗ /);
  });
});
