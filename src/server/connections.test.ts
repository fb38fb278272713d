/** The caps on open connections, with real sockets on 127.0.0.x: past them, 503 at once; below, served. */
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { connect, type Socket } from "node:net";
import { after, before, test } from "node:test";
import { silentLogger } from "../log/logger.ts";
import { createApp } from "./app.ts";
import { type ConnectionCaps, connectionCaps } from "./connections.ts";

let caps: ConnectionCaps;
let port = 0;
const app = (() => {
  caps = connectionCaps(6, 3, 1);
  return createApp({
    logger: silentLogger(),
    readiness: async () => ({ ready: true, backlog: 0 }),
    webhook: {
      checker: { check: () => Promise.reject(new Error("not used")) },
      logger: silentLogger(),
      intake: { append: async () => {} },
    },
    connections: { caps, slot: 0 },
  });
})();
before(async () => {
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  port = (app.address() as AddressInfo).port;
});
after(() => new Promise<void>((r) => app.close(() => r())));

const open = () => new Int32Array(caps.counters)[0];
async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(ok(), `never: ${what}`);
}

/** A client trickling a request's headers: it holds its connection and never finishes. */
async function hold(from: string): Promise<Socket> {
  const socket = connect({ host: "127.0.0.1", port, localAddress: from });
  await new Promise((r) => socket.once("connect", r));
  socket.write("POST /webhooks/github HTTP/1.1\r\nHost: booty\r\nX-Slow: ");
  return socket;
}

/** One whole request from `from`, and what came back before the server closed. */
async function ask(from: string): Promise<string> {
  const socket = connect({ host: "127.0.0.1", port, localAddress: from });
  socket.end("GET /healthz HTTP/1.1\r\nHost: booty\r\nConnection: close\r\n\r\n");
  let text = "";
  for await (const chunk of socket) text += String(chunk);
  return text.split("\r\n")[0] ?? "";
}

test("past the per-address cap, then the global one, a connection is answered 503; a freed slot serves again", async () => {
  const held: Socket[] = [];
  try {
    for (let i = 0; i < 3; i++) held.push(await hold("127.0.0.1"));
    await until(() => open() === 3, "three connections counted");
    assert.equal(await ask("127.0.0.1"), "HTTP/1.1 503 Service Unavailable", "a fourth from the same address");
    assert.equal(await ask("127.0.0.2"), "HTTP/1.1 200 OK", "another address is served");
    for (let i = 0; i < 3; i++) held.push(await hold("127.0.0.2"));
    await until(() => open() === 6, "six connections counted");
    assert.equal(await ask("127.0.0.3"), "HTTP/1.1 503 Service Unavailable", "past the global cap");
    held.shift()?.destroy();
    await until(() => open() === 5, "a connection released");
    assert.equal(await ask("127.0.0.3"), "HTTP/1.1 200 OK");
  } finally {
    for (const socket of held) socket.destroy();
  }
  await until(() => open() === 0, "every connection released");
});
