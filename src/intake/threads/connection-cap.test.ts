/** The intake's threads share the connection caps: a client's connections count wherever the kernel sends them. */
import assert from "node:assert/strict";
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
    for (let i = 0; i < 4; i++) {
      const socket = connect({ host: "127.0.0.1", port: server.port, localAddress: "127.0.0.4" });
      socket.write("POST /webhooks/github HTTP/1.1\r\nHost: booty\r\nX-Slow: ");
      held.push(socket);
    }
    // The threads count the held connections as they accept them: asked until they all have (bounded).
    let answer = "";
    for (let i = 0; i < 100 && answer !== "HTTP/1.1 503 Service Unavailable"; i++) {
      answer = await ask(server.port, "127.0.0.4");
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(answer, "HTTP/1.1 503 Service Unavailable");
    assert.equal(await ask(server.port, "127.0.0.5"), "HTTP/1.1 200 OK");
  } finally {
    for (const socket of held) socket.destroy();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
