/**
 * The attack suite: each test runs a hostile command in a real bubblewrap sandbox and checks, from the
 * outside, that the attack failed. Needs bwrap (`.ci/run` installs it) and root, like the service.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chown, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { SandboxError } from "../errors/index.ts";
import { silentLogger } from "../log/logger.ts";
import { createSandbox, type Sandbox } from "./index.ts";

// A uid of our own, so that the process count and the leftover check see only this file's processes.
const UID = 200_000 + (process.pid % 50_000);
const FAKE_TOKEN = "ghp_FAKEtokenFAKEtokenFAKEtoken0123456789";
const FAKE_KEY = "sk-ant-FAKEkeyFAKEkeyFAKEkey0123";

let sandbox: Sandbox;
let ws: string;

function processesOf(uid: number): string {
  try {
    return execFileSync("pgrep", ["-a", "-u", String(uid)], { encoding: "utf8" });
  } catch {
    return ""; // pgrep exits 1 when nothing matches
  }
}

before(async () => {
  process.env.GITHUB_TOKEN = FAKE_TOKEN;
  process.env.ANTHROPIC_API_KEY = FAKE_KEY;
  sandbox = await createSandbox({ mode: "bwrap", logger: silentLogger(), uid: UID, limits: { processes: 64 } });
  ws = await mkdtemp(join(tmpdir(), "booty-sbx-test-"));
  await chown(ws, UID, UID);
});

after(async () => {
  delete process.env.GITHUB_TOKEN;
  delete process.env.ANTHROPIC_API_KEY;
  await rm(ws, { recursive: true, force: true });
});

const run = (command: string, timeoutMs = 5000, network = false) =>
  sandbox.run({ root: ws, command, timeoutMs, network });

describe("bubblewrap sandbox", () => {
  test("runs as the unprivileged uid with a writable workspace and home, and limits set", async () => {
    const r = await run(
      "id -u; echo hi > note && cat note; echo h > $HOME/x && echo home-ok; awk '/^Max processes/{print $3} /^Max open files/{print $4} /^Max data size/{print $4}' /proc/self/limits",
    );
    assert.equal(r.exitCode, 0, r.output);
    assert.deepEqual(r.output.trim().split("\n"), [String(UID), "hi", "home-ok", String(4 * 1024 ** 3), "64", "1024"]);
    assert.equal(readFileSync(join(ws, "note"), "utf8"), "hi\n");
  });

  test("booty's token and API key are not in the environment nor in any /proc/*/environ", async () => {
    const r = await run(
      `env; for f in /proc/*/environ /proc/${process.pid}/environ /proc/${process.ppid}/environ; do tr '\\0' '\\n' < "$f"; done 2>&1; ls /proc | grep -c '^[0-9]'; echo END`,
    );
    assert.ok(process.env.GITHUB_TOKEN === FAKE_TOKEN, "the secret is in the parent's environment");
    assert.match(r.output, /END/);
    assert.doesNotMatch(r.output, /FAKEtoken|FAKEkey|GITHUB_TOKEN|ANTHROPIC/);
    // Its own pid namespace: only the sandbox's few processes are visible.
    const visible = Number(r.output.trim().split("\n").at(-2));
    assert.ok(visible > 0 && visible < 10, `saw ${visible} processes`);
  });

  test("a connection to a port listening on the host's 127.0.0.1 fails", async () => {
    let connections = 0;
    const server = createServer((socket) => {
      connections += 1;
      socket.end("hello");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const r = await run(
        `node -e "require('net').connect(${port},'127.0.0.1').on('connect',()=>console.log('CONNECTED')).on('error',e=>console.log('BLOCKED',e.code))"; python3 -c "import socket; socket.create_connection(('127.0.0.1', ${port}), 2)" 2>&1 | tail -1`,
      );
      assert.match(r.output, /BLOCKED ECONNREFUSED/);
      assert.match(r.output, /ConnectionRefusedError|Errno/);
      assert.doesNotMatch(r.output, /CONNECTED/);
      assert.equal(connections, 0);
    } finally {
      server.close();
    }
  });

  test("nothing outside the workspace is writable or even visible", async () => {
    const marker = `booty-outside-${process.pid}`;
    const hostTmp = join(tmpdir(), marker);
    const r = await run(
      `echo x > ${hostTmp}; echo x > /usr/${marker} || echo usr-refused; echo x > /etc/${marker} || echo etc-refused; ls ${process.cwd()} || echo cwd-hidden; ls /root || echo root-hidden`,
    );
    assert.equal(existsSync(hostTmp), false);
    assert.equal(existsSync(`/usr/${marker}`), false);
    assert.match(r.output, /usr-refused/);
    assert.match(r.output, /etc-refused/);
    assert.match(r.output, /cwd-hidden/);
    assert.match(r.output, /root-hidden/);
  });

  test(".git in the workspace is read-only, whether a directory or a worktree's file", async () => {
    await mkdir(join(ws, ".git", "hooks"), { recursive: true });
    await writeFile(join(ws, ".git", "config"), "[core]\n");
    const r = await run(
      "echo evil > .git/hooks/pre-commit || echo hooks-refused; echo '[core] fsmonitor = evil' >> .git/config || echo config-refused; rm -rf .git || echo rm-refused",
    );
    assert.match(r.output, /hooks-refused/);
    assert.match(r.output, /config-refused/);
    assert.equal(readFileSync(join(ws, ".git", "config"), "utf8"), "[core]\n");
    assert.equal(existsSync(join(ws, ".git", "hooks", "pre-commit")), false);
    await rm(join(ws, ".git"), { recursive: true });

    await writeFile(join(ws, ".git"), "gitdir: /somewhere/else\n");
    await chown(join(ws, ".git"), UID, UID);
    const r2 = await run("echo 'gitdir: /tmp/evil' > .git || echo gitfile-refused; cat .git; echo END");
    assert.match(r2.output, /gitfile-refused/);
    assert.equal(readFileSync(join(ws, ".git"), "utf8"), "gitdir: /somewhere/else\n");
    await rm(join(ws, ".git"));
  });

  test("a fork bomb is contained by the process limit and the run ends", async () => {
    const r = await run("bomb() { bomb | bomb & }; bomb; sleep 30", 2000);
    assert.equal(r.timedOut, true);
    assert.ok(r.durationMs < 10_000, `took ${r.durationMs} ms`);
    assert.equal(processesOf(UID), "");
    // The host can still start processes.
    assert.equal(execFileSync("true").length, 0);
  });

  test("a setsid child sleeping past the timeout is killed with everything else", async () => {
    const marker = `${(process.pid % 1000) + 1000}.4242`;
    const r = await run(`setsid sh -c 'sleep ${marker}' & (sleep ${marker}) & echo started; sleep ${marker}`, 1000);
    assert.equal(r.timedOut, true);
    assert.match(r.killedReason ?? "", /timed out after 1000 ms/);
    assert.match(r.output, /started/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    let left = "";
    try {
      left = execFileSync("pgrep", ["-a", "-f", `sleep ${marker}`], { encoding: "utf8" });
    } catch {
      // none left
    }
    assert.equal(left, "");
    assert.equal(processesOf(UID), "");
  });

  test("a stopped job's command is killed, with everything it started, well before its timeout", async () => {
    const stop = new AbortController();
    const stoppable = await createSandbox({ mode: "bwrap", logger: silentLogger(), uid: UID, signal: stop.signal });
    const marker = `${(process.pid % 1000) + 2000}.4343`;
    const running = stoppable.run({
      root: ws,
      command: `setsid sh -c 'sleep ${marker}' & echo started; sleep ${marker}`,
      timeoutMs: 60_000,
      network: false,
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    stop.abort();
    const r = await running;
    assert.equal(r.timedOut, false);
    assert.match(r.killedReason ?? "", /booty is shutting down/);
    assert.match(r.output, /started/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(processesOf(UID), "");
    const after = await stoppable.run({ root: ws, command: "echo never", timeoutMs: 5000, network: false });
    assert.doesNotMatch(after.output, /never/, "nothing more runs once the job is stopped");
  });

  test("output is capped and keeps the tail", async () => {
    const small = await createSandbox({ mode: "bwrap", logger: silentLogger(), uid: UID, maxOutputBytes: 1000 });
    const r = await small.run({ root: ws, command: "seq 1 5000", timeoutMs: 5000, network: false });
    assert.match(r.output, /^\[\.\.\. \d+ bytes of earlier output omitted \.\.\.\]\n/);
    assert.match(r.output, /\n5000\n$/);
  });
});

describe("sandbox selection", () => {
  test("bwrap mode without bubblewrap refuses, saying what to do", async () => {
    const empty = await mkdtemp(join(tmpdir(), "booty-nopath-"));
    try {
      await assert.rejects(
        createSandbox({ mode: "bwrap", logger: silentLogger(), searchPath: empty }),
        (e: unknown) => e instanceof SandboxError && /install bubblewrap.*BOOTY_SANDBOX=none/.test(e.message),
      );
    } finally {
      await rm(empty, { recursive: true });
    }
  });

  test("none mode runs in place with a clean environment and still kills the group on timeout", async () => {
    process.env.GITHUB_TOKEN = FAKE_TOKEN;
    const none = await createSandbox({ mode: "none", logger: silentLogger() });
    assert.equal(none.kind, "none");
    const r = await none.run({ root: ws, command: "env; pwd", timeoutMs: 5000, network: false });
    assert.doesNotMatch(r.output, /FAKEtoken/);
    assert.match(r.output, new RegExp(`^${ws}$`, "m"));
    const slow = await none.run({ root: ws, command: "sleep 30", timeoutMs: 300, network: false });
    assert.equal(slow.timedOut, true);
  });
});
