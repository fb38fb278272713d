/** The intake's threads share the connection caps: a client's connections count wherever the kernel sends them. */
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { silentLogger } from "../../log/logger.ts";
import { startIntakeServer } from "./host.ts";

async function ask(port: number, from: string): Promise<string> {
  const socket = connect({ host: "127.0.0.1", port, localAddress: from });
  socket.end("GET /healthz HTTP/1.1\r\nHost: booty\r\nConnection: close\r\n\r\n");
  let text = "";
  for await (const chunk of socket) text += String(chunk);
  return text.split("\r\n")[0] ?? "";
}

/**
 * A connection that was served once (so it is counted, whichever thread took it) and then trickles the
 * headers of its next request, holding its slot.
 */
async function hold(port: number, from: string): Promise<Socket> {
  const socket = connect({ host: "127.0.0.1", port, localAddress: from });
  socket.write("GET /healthz HTTP/1.1\r\nHost: booty\r\n\r\n");
  const [first] = (await once(socket, "data")) as [Buffer];
  assert.match(String(first), /^HTTP\/1\.1 200 OK/);
  socket.write("POST /webhooks/github HTTP/1.1\r\nHost: booty\r\nX-Slow: ");
  return socket;
}

test("across two threads, one address holding its cap gets 503 for more while others are served", async () => {
  const dir = mkdtempSync(join(tmpdir(), "booty-cap-"));
  const server = await startIntakeServer({
    threads: 2,
    host: "127.0.0.1",
    port: 0,
    rules: { secrets: ["s"], triggerLabel: "booty", allowedBots: [], repos: [] },
    dir,
    fsync: "interval",
    token: "t0ken",
    logger: silentLogger(),
    store: async () => {},
    databaseReady: async () => true,
    reader: { list: async () => [], get: async () => null, deliveries: async () => [] },
    maxConnections: 100,
    maxConnectionsPerAddress: 4,
  });
  const held: Socket[] = [];
  try {
    for (let i = 0; i < 4; i++) held.push(await hold(server.port, "127.0.0.4"));
    assert.equal(await ask(server.port, "127.0.0.4"), "HTTP/1.1 503 Service Unavailable");
    assert.equal(await ask(server.port, "127.0.0.5"), "HTTP/1.1 200 OK");
  } finally {
    for (const socket of held) socket.destroy();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
