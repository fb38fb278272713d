/**
 * setup_command's network: a namespace of its own (slirp4netns), never the host's. The machines that run
 * this have no outbound internet, so "outbound works" is checked as far as it can be (an interface and a
 * default route), and everything that must stay out of reach is tried for real. Needs root, bwrap and
 * slirp4netns (`.ci/run` installs them).
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { chown, mkdtemp, rm, symlink } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { SandboxError } from "../errors/index.ts";
import { silentLogger } from "../log/logger.ts";
import { createSandbox, type Sandbox } from "./index.ts";

const UID = 250_000 + (process.pid % 50_000);
let sandbox: Sandbox;
let ws: string;

before(async () => {
  sandbox = await createSandbox({ mode: "bwrap", logger: silentLogger(), uid: UID });
  ws = await mkdtemp(join(tmpdir(), "booty-net-test-"));
  await chown(ws, UID, UID);
});
after(() => rm(ws, { recursive: true, force: true }));

const setup = (command: string) => sandbox.run({ root: ws, command, timeoutMs: 15_000, network: true });

/** A server counting its connections, on `where` (a host and port 0, or an abstract socket's name). */
async function listening(where: { host: string } | { path: string }): Promise<{ server: Server; count: () => number }> {
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    socket.end("hello\n");
  });
  await new Promise<void>((resolve) =>
    "path" in where ? server.listen(where.path, resolve) : server.listen(0, where.host, resolve),
  );
  return { server, count: () => connections };
}

/** Python's connect_ex from inside: 0 when it connected, an errno otherwise (111 refused, 113 unreachable). */
const connectEx = (host: string, port: number) =>
  `python3 -c "import socket; s=socket.socket(); s.settimeout(3); print('${host}', s.connect_ex(('${host}', ${port})))"`;

describe("setup_command's network", () => {
  test("has an interface and a default route of its own, and the test phase has neither", async () => {
    const r = await setup("cat /proc/net/route; cat /proc/net/dev; cat /etc/resolv.conf");
    assert.equal(r.exitCode, 0, r.output);
    assert.match(r.output, /^nameserver 10\.0\.2\.3$/m, "names resolve through slirp4netns's forwarder");
    assert.match(r.output, /^tap0\t00000000\t/m, "a default route through tap0");
    const t = await sandbox.run({
      root: ws,
      command: "cat /proc/net/route /proc/net/dev",
      timeoutMs: 5000,
      network: false,
    });
    assert.doesNotMatch(t.output, /tap0|eth|ens/);
  });

  test("never reaches the host's loopback, nor a service the host has bound to all its addresses", async () => {
    const loopback = await listening({ host: "127.0.0.1" });
    const anywhere = await listening({ host: "0.0.0.0" });
    const lport = (loopback.server.address() as { port: number }).port;
    const aport = (anywhere.server.address() as { port: number }).port;
    try {
      // 10.0.2.2 is slirp4netns's gateway, which is the host's loopback unless that is disabled.
      const r = await setup(
        [connectEx("127.0.0.1", lport), connectEx("10.0.2.2", lport), connectEx("10.0.2.2", aport)]
          .concat(hostIPv4().map((ip) => connectEx(ip, aport)))
          .join("; "),
      );
      const results = r.output.trim().split("\n");
      assert.ok(results.length >= 3, r.output);
      for (const line of results) assert.doesNotMatch(line, / 0$/, `connected: ${line}`);
      assert.equal(loopback.count() + anywhere.count(), 0);
    } finally {
      loopback.server.close();
      anywhere.server.close();
    }
  });

  test("link-local and cloud metadata addresses are unreachable", async () => {
    const r = await setup(`${connectEx("169.254.169.254", 80)}; ${connectEx("169.254.1.1", 443)}`);
    assert.deepEqual(r.output.trim().split("\n"), ["169.254.169.254 113", "169.254.1.1 113"]);
  });

  test("the host's abstract Unix sockets are out of reach", async () => {
    const name = `\0booty-abstract-${process.pid}`;
    const abstract = await listening({ path: name });
    try {
      const r = await setup(
        `python3 -c "import socket; s=socket.socket(socket.AF_UNIX); print(s.connect_ex('\\0booty-abstract-${process.pid}'))"`,
      );
      assert.match(r.output.trim(), /^111$/, r.output);
      assert.equal(abstract.count(), 0);
    } finally {
      abstract.server.close();
    }
  });

  test("without slirp4netns, a run with network is refused, saying what to do; one without still runs", async () => {
    const path = await mkdtemp(join(tmpdir(), "booty-noslirp-"));
    try {
      for (const tool of ["bwrap", "prlimit", "setpriv", "nsenter", "ip"]) {
        const found = ["/usr/bin", "/usr/sbin", "/bin", "/sbin"].map((d) => join(d, tool));
        const at = found.find((p) => existsSync(p));
        if (at) await symlink(at, join(path, tool));
      }
      const bare = await createSandbox({ mode: "bwrap", logger: silentLogger(), uid: UID, searchPath: path });
      await assert.rejects(
        bare.run({ root: ws, command: "true", timeoutMs: 5000, network: true }),
        (e: unknown) => e instanceof SandboxError && /slirp4netns.*network_for_setup: false/.test(e.message),
      );
      const r = await bare.run({ root: ws, command: "echo ok", timeoutMs: 5000, network: false });
      assert.equal(r.output.trim(), "ok");
    } finally {
      await rm(path, { recursive: true, force: true });
    }
  });
});

function hostIPv4(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === "IPv4" && !a.internal)
    .map((a) => a?.address as string);
}
